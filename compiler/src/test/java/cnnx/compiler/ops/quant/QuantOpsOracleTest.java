package cnnx.compiler.ops.quant;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.onnx.TensorFiles;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.OrtOracle;
import cnnx.compiler.testing.QuantModels;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The quantized ops against ONNX Runtime on seeded random shapes ({@link QuantModels}), bit-exact:
 * the integer results must be equal, the dequantized floats identical (both compute in float32
 * the same way).
 */
class QuantOpsOracleTest {
  private static void assertSame(QuantModels.Case c) {
    byte[] bytes = c.bytes();
    Map<String, Tensor> expected = OrtOracle.run(bytes, c.feeds());
    Graph g = new OnnxImporter().load(bytes, "model.onnx");
    Map<String, Tensor> actual = new ReferenceInterpreter().run(g, c.feeds());
    String what = c.what();
    expected.forEach((name, e) -> {
      Tensor a = actual.get(name);
      assertArrayEquals(e.shape(), a.shape(), what + ": shape of " + name);
      assertEquals(e.dtype(), a.dtype(), what + ": type of " + name);
      if (e.isFloating()) {
        assertArrayEquals(e.floats(), a.floats(), what + ": " + name);
      } else {
        assertArrayEquals(e.longs(), a.longs(), what + ": " + name);
      }
    });
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void quantizeLinear(long seed) {
    assertSame(QuantModels.quantizeLinear(seed));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void dequantizeLinear(long seed) {
    assertSame(QuantModels.dequantizeLinear(seed));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void dynamicQuantizeLinear(long seed) {
    assertSame(QuantModels.dynamicQuantizeLinear(seed));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void matMulInteger(long seed) {
    assertSame(QuantModels.matMulInteger(seed));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void qLinearMatMul(long seed) {
    assertSame(QuantModels.qLinearMatMul(seed));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void convInteger(long seed) {
    assertSame(QuantModels.convInteger(seed));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void qLinearConv(long seed) {
    assertSame(QuantModels.qLinearConv(seed));
  }

  @Test
  void badParametersAreTypedErrors() {
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).irVersion(10).input("x", 2, 3);
    b.initializer(TensorFiles.encode("s", Tensor.ofFloats(new int[] {4}, new float[] {1, 1, 1, 1})));
    b.node("QuantizeLinear", names("x", "s"), names("y"), attr("axis", 1L)).output("y", DataType.UINT8.onnxCode());
    Graph g = new OnnxImporter().load(b.toBytes(), "q.onnx");
    Map<String, Tensor> feeds = Map.of("x", Tensor.zeros(DataType.FLOAT, new int[] {2, 3}));
    var e = assertThrows(InvalidModelException.class, () -> new ReferenceInterpreter().run(g, feeds));
    assertTrue(e.getMessage().contains("QuantizeLinear"), e.getMessage());
  }
}
