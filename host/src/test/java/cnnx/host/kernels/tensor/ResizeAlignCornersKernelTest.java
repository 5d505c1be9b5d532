package cnnx.host.kernels.tensor;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomTensors;
import cnnx.host.testing.OpenClHarness;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * align_corners downsampling by scales that do not divide the length (ONNX's grid over
 * scale * length) on the device, against the reference (whose values ResizeAlignCornersTest checks
 * against ONNX's expected outputs).
 */
class ResizeAlignCornersKernelTest {
  @ParameterizedTest
  @CsvSource({"linear, 2, 4, 0.6", "cubic, 4, 4, 0.8", "linear, 7, 9, 0.45", "cubic, 9, 6, 0.7"})
  void downsampling(String mode, int h, int w, float scale) {
    byte[] model = new OnnxModelBuilder().opset(19).input("x", 2, 3, h, w)
        .initializer("scales", new float[] {1, 1, scale, scale}, 4)
        .node("Resize", names("x", "", "scales"), names("y"), attr("mode", mode),
            attr("coordinate_transformation_mode", "align_corners"))
        .output("y").toBytes();
    OpenClHarness.assertMatchesReference(model, Map.of("x", RandomTensors.normal(new SplittableRandom(h * w), 2, 3, h, w)),
        1e-5, 1e-5);
  }
}
