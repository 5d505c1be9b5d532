package cnnx.host.kernels.tensor;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.ExporterPatterns;
import cnnx.compiler.testing.OracleRun;
import cnnx.compiler.testing.RandomTensors;
import cnnx.host.testing.OpenClHarness;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Exporters' shape arithmetic on the OpenCL device: with the batch bound by the fed tensor, every
 * pattern folds to constants and compiles (fused and unfused), and the device matches the
 * reference, which itself matches ONNX Runtime.
 */
class ExporterPatternsKernelTest {
  private static final double RTOL = 1e-4;
  private static final double ATOL = 1e-4;

  @Test
  void shuffleNetUnits() {
    check(ExporterPatterns.shuffleNetUnits(8, 5, 6, 1), "x", RandomTensors.normal(new SplittableRandom(1), 3, 8, 5, 6));
  }

  @Test
  void yoloGrid() {
    check(ExporterPatterns.yoloGrid(3, 6, 4, 5), "p", RandomTensors.normal(new SplittableRandom(2), 2, 18, 4, 5));
  }

  @Test
  void tfSamePadding() {
    check(ExporterPatterns.tfSamePadding(3, 11, 10, 3, 2, 3), "x",
        RandomTensors.normal(new SplittableRandom(3), 2, 3, 11, 10));
  }

  @Test
  void reshapeThroughShape() {
    check(ExporterPatterns.reshapeThroughShape(4, 3, 5), "x", RandomTensors.normal(new SplittableRandom(4), 2, 4, 3, 5));
  }

  @Test
  void lpPool2dExport() {
    check(ExporterPatterns.lpPool2d(3, 8, 7, 2, 2, 2f), "x", RandomTensors.normal(new SplittableRandom(5), 2, 3, 8, 7));
  }

  private static void check(byte[] model, String input, Tensor x) {
    OpenClHarness.requireDevice();
    OracleRun.compare(model, Map.of(input, x), 1e-5, 1e-5, "pattern on ONNX Runtime");
    OpenClHarness.assertMatchesReference(model, Map.of(input, x), RTOL, ATOL);
  }
}
