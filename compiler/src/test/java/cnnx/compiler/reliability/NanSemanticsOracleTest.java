package cnnx.compiler.reliability;

import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.OrtOracle;
import cnnx.compiler.testing.TensorAssert;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * NaN and infinities in the reference follow ONNX Runtime: MaxPool folds best = max(tap, best)
 * from the lowest float as C++'s std::max does (a NaN tap replaces the best, any tap replaces a
 * NaN, a window of -inf gives the lowest float); pow is C's.
 */
class NanSemanticsOracleTest {
  private static void sameAsOrt(OnnxModelBuilder m, Map<String, Tensor> in) {
    byte[] bytes = m.toBytes();
    Map<String, Tensor> ort = OrtOracle.run(bytes, in);
    Map<String, Tensor> ref = new ReferenceInterpreter().run(new OnnxImporter().load(bytes, "m.onnx"), in);
    ort.forEach((k, v) -> TensorAssert.assertClose(v, ref.get(k), 1e-6, 0, k));
  }

  @Test
  void maxPoolWithNaNInsideTheWindow() {
    float n = Float.NaN;
    sameAsOrt(new OnnxModelBuilder().input("x", 1L, 1L, 1L, 12L)
            .node("MaxPool", names("x"), names("y"), attrInts("kernel_shape", 1, 2), attrInts("strides", 1, 2))
            .output("y"),
        Map.of("x", Tensor.ofFloats(new int[] {1, 1, 1, 12}, new float[] {n, 1, 3, n, n, n, n, Float.NEGATIVE_INFINITY, -2, -1, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY})));
  }

  @Test
  void powOfOneAndMinusOne() {
    float n = Float.NaN;
    float inf = Float.POSITIVE_INFINITY;
    sameAsOrt(new OnnxModelBuilder().input("a", 6L).input("b", 6L).node("Pow", names("a", "b"), names("y")).output("y"),
        Map.of("a", Tensor.ofFloats(new int[] {6}, new float[] {1, 1, -1, -1, n, 2}),
            "b", Tensor.ofFloats(new int[] {6}, new float[] {n, inf, inf, -inf, 0, n})));
  }

  @Test
  void reluMaxMinAndGlobalMaxPoolWithNaN() {
    float n = Float.NaN;
    float inf = Float.POSITIVE_INFINITY;
    Tensor a = Tensor.ofFloats(new int[] {1, 2, 1, 3}, new float[] {n, 1, 3, -inf, n, -0f});
    Tensor b = Tensor.ofFloats(new int[] {1, 2, 1, 3}, new float[] {2, n, n, 0, -1, 0f});
    sameAsOrt(new OnnxModelBuilder().input("a", 1L, 2L, 1L, 3L).input("b", 1L, 2L, 1L, 3L)
        .node("Relu", names("a"), names("r")).node("Max", names("a", "b"), names("mx"))
        .node("Min", names("a", "b"), names("mn")).node("GlobalMaxPool", names("b"), names("g"))
        .output("r").output("mx").output("mn").output("g"), Map.of("a", a, "b", b));
  }
}
