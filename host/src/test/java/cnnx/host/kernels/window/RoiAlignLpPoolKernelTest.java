package cnnx.host.kernels.window;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomTensors;
import cnnx.host.testing.OpenClHarness;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GlobalLpPool and RoiAlign on the OpenCL device against the reference interpreter (the kernel
 * computes in float, the reference in double). Tolerance: the sums' (see {@link WindowModels}).
 */
class RoiAlignLpPoolKernelTest {
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void globalLpPool(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] s = {rnd.nextInt(1, 3), rnd.nextInt(1, 5), rnd.nextInt(1, 9), rnd.nextInt(1, 9)};
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).irVersion(10).input("x", dims(s))
        .node("GlobalLpPool", names("x"), names("y"), attr("p", seed)).output("y");
    check(b, Map.of("x", RandomTensors.normal(rnd, s)), "GlobalLpPool p " + seed + " " + Arrays.toString(s));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void roiAlign(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] s = {rnd.nextInt(1, 3), rnd.nextInt(1, 4), rnd.nextInt(3, 12), rnd.nextInt(3, 12)};
    int count = rnd.nextInt(1, 5);
    long[] batch = new long[count];
    for (int i = 0; i < count; i++) {
      batch[i] = rnd.nextInt(s[0]);
    }
    float[] rois = new float[count * 4];
    for (int i = 0; i < count; i++) {
      rois[i * 4] = (float) rnd.nextDouble(-2, s[3] - 1);
      rois[i * 4 + 1] = (float) rnd.nextDouble(-2, s[2] - 1);
      rois[i * 4 + 2] = rois[i * 4] + (float) rnd.nextDouble(0.2, s[3]);
      rois[i * 4 + 3] = rois[i * 4 + 1] + (float) rnd.nextDouble(0.2, s[2]);
    }
    String mode = seed % 2 == 0 ? "max" : "avg";
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).irVersion(10).input("x", dims(s)).input("rois", count, 4)
        .typedInput("batch", TensorProto.DataType.INT64_VALUE, count)
        .node("RoiAlign", names("x", "rois", "batch"), names("y"), attr("mode", mode),
            attr("coordinate_transformation_mode", seed % 3 == 0 ? "output_half_pixel" : "half_pixel"),
            attr("sampling_ratio", seed % 3), attr("output_height", (long) rnd.nextInt(1, 5)),
            attr("output_width", (long) rnd.nextInt(1, 5)))
        .output("y");
    check(b, Map.of("x", RandomTensors.normal(rnd, s), "rois", Tensor.ofFloats(new int[] {count, 4}, rois),
        "batch", Tensor.ofLongs(new int[] {count}, batch)), "RoiAlign " + mode + " " + Arrays.toString(s));
  }

  private static void check(OnnxModelBuilder b, Map<String, Tensor> inputs, String what) {
    try {
      OpenClHarness.assertMatchesReference(b.toBytes(), inputs, WindowModels.SUM_RTOL, WindowModels.SUM_ATOL);
    } catch (AssertionError e) {
      throw new AssertionError(what + ": " + e.getMessage(), e);
    }
  }
}
