package cnnx.compiler.ops.tensor;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.OracleRun;
import cnnx.compiler.testing.TensorAssert;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Downsampling with align_corners by scales that do not divide the length, against the expected
 * outputs of ONNX's own node tests (test_resize_downsample_scales_{linear,cubic}_align_corners):
 * the grid spans scale * length, not the rounded output length.
 */
class ResizeAlignCornersTest {
  private static Tensor run(String mode, int h, int w, float scale) {
    float[] x = new float[h * w];
    for (int i = 0; i < x.length; i++) {
      x[i] = i + 1;
    }
    byte[] model = new OnnxModelBuilder().opset(19).input("x", 1, 1, h, w)
        .initializer("scales", new float[] {1, 1, scale, scale}, 4)
        .node("Resize", names("x", "", "scales"), names("y"), attr("mode", mode),
            attr("coordinate_transformation_mode", "align_corners"))
        .rankedOutput("y", 4).toBytes();
    return OracleRun.reference(model, Map.of("x", Tensor.ofFloats(new int[] {1, 1, h, w}, x))).outputs().get("y");
  }

  @Test
  void linearDownsampling() {
    Tensor expected = Tensor.ofFloats(new int[] {1, 1, 1, 2}, new float[] {1f, 3.142857f});
    TensorAssert.assertClose(expected, run("linear", 2, 4, 0.6f), 1e-6, 1e-6, "linear 0.6");
  }

  @Test
  void cubicDownsampling() {
    Tensor expected = Tensor.ofFloats(new int[] {1, 1, 3, 3}, new float[] {
      1f, 2.39519159f, 3.79038317f, 6.58076634f, 7.97595793f, 9.37114951f, 12.16153268f, 13.55672427f, 14.95191585f});
    TensorAssert.assertClose(expected, run("cubic", 4, 4, 0.8f), 1e-6, 1e-6, "cubic 0.8");
  }
}
