package cnnx.compiler.ops.elementwise;

import static cnnx.compiler.ops.elementwise.OracleHarness.FLOAT;
import static cnnx.compiler.ops.elementwise.OracleHarness.INT64;
import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.Attribute;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomShapes;
import cnnx.compiler.testing.RandomTensors;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cast between float, double, the integer types and bool, against ONNX Runtime. Types the oracle
 * cannot exchange (int32, int8, uint8, bool, double) are reached by a second Cast back to int64
 * or float inside the model.
 */
class CastOpOracleTest {
  private static final long BOOL = 9;
  private static final long INT32 = 6;
  private static final long INT8 = 3;
  private static final long UINT8 = 2;
  private static final long DOUBLE = 11;

  /** Float to each integer type, with values inside the target range: truncation toward zero. */
  @ParameterizedTest
  @CsvSource({"7, 1e15", "6, 2e9", "3, 127", "2, 255", "9, 3"})
  void floatToIntegerTypes(long to, double range) {
    for (long seed = 1; seed <= 3; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed * 100 + to);
      int[] shape = RandomShapes.withOnes(rnd, (int) seed, 7);
      boolean unsigned = to == UINT8;
      float[] a = RandomTensors.uniform(rnd, unsigned ? 0 : (float) -range, (float) range, shape).floats();
      if (to == BOOL && a.length > 2) {
        a[0] = 0f;
        a[1] = -0f;
        a[2] = Float.NaN; // NaN is non-zero: true
      }
      Tensor x = Tensor.ofFloats(shape, a);
      OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("x", FLOAT, dims(shape))
          .node("Cast", names("x"), names("c"), attr("to", to))
          .node("Cast", names("c"), names("y"), attr("to", 7L));
      OracleHarness.assertMatchesOrt(b.rankedOutput("y", shape.length, INT64).toBytes(),
          Map.of("x", x), "float to " + to + " seed " + seed);
    }
  }

  /** Integer narrowing wraps (two's complement); any non-zero becomes true. */
  @ParameterizedTest
  @ValueSource(longs = {6, 3, 2, 9, 7})
  void int64ToIntegerTypes(long to) {
    SplittableRandom rnd = new SplittableRandom(to);
    int[] shape = {5, 9};
    Tensor x = RandomTensors.ints(rnd, DataType.INT64, -10_000_000_000L, 9_999_999_999L, shape);
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("x", INT64, dims(shape))
        .node("Cast", names("x"), names("c"), attr("to", to))
        .node("Cast", names("c"), names("y"), attr("to", 7L));
    OracleHarness.assertMatchesOrt(b.rankedOutput("y", 2, INT64).toBytes(), Map.of("x", x),
        "int64 to " + to);
  }

  @Test
  void int64ToFloatAndBack() {
    SplittableRandom rnd = new SplittableRandom(7);
    int[] shape = {3, 4, 5};
    Tensor x = RandomTensors.ints(rnd, DataType.INT64, -1L << 40, (1L << 40) - 1, shape);
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("x", INT64, dims(shape))
        .node("Cast", names("x"), names("f"), attr("to", 1L))
        .node("Cast", names("f"), names("y"), attr("to", 7L));
    b.rankedOutput("f", 3);
    OracleHarness.assertMatchesOrt(b.rankedOutput("y", 3, INT64).toBytes(), Map.of("x", x), "int64 to float");
  }

  /** Narrow types and bool to float, and float through double (kept in float32 by cnnx). */
  @ParameterizedTest
  @ValueSource(longs = {6, 3, 2, 9, 11, 1})
  void toFloatThroughType(long via) {
    SplittableRandom rnd = new SplittableRandom(via + 40);
    int[] shape = {2, 3, 4};
    Tensor x = via == DOUBLE || via == 1
        ? RandomTensors.normal(rnd, shape)
        : RandomTensors.ints(rnd, DataType.INT64, via == UINT8 || via == BOOL ? 0 : -100, via == BOOL ? 1 : 99,
            shape);
    int inType = x.isFloating() ? FLOAT : INT64;
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("x", inType, dims(shape))
        .node("Cast", names("x"), names("c"), attr("to", via))
        .node("Cast", names("c"), names("y"), attr("to", 1L));
    OracleHarness.assertMatchesOrt(b.rankedOutput("y", 3).toBytes(), Map.of("x", x), "via " + via);
  }

  /** Out-of-range floats are undefined in ONNX; cnnx saturates rather than wrap or fail. */
  @Test
  void outOfRangeFloatSaturates() {
    var op = new CastOp();
    var node = Node.of("c", "Cast", List.of("x"), List.of("y"),
        List.of(Attribute.ofInt("to", INT8)));
    Tensor x = Tensor.ofFloats(new int[] {4}, new float[] {300.7f, -300.7f, -1.9f, Float.NaN});
    Tensor y = op.evaluate(node, List.of(x)).get(0);
    assertEquals(DataType.INT8, y.dtype());
    assertArrayEquals(new long[] {127, -128, -1, 0}, y.longs());
  }

  @Test
  void missingOrBadTargetIsInvalid() {
    Tensor x = Tensor.ofFloats(new int[] {2}, new float[] {1, 2});
    var noTo = Node.of("c0", "Cast", List.of("x"), List.of("y"),
        List.of());
    var e = assertThrows(InvalidModelException.class, () -> new CastOp().evaluate(noTo, List.of(x)));
    assertTrue(e.getMessage().contains("Cast node 'c0'") && e.getMessage().contains("'to'"), e.getMessage());
    var bad = noTo.withAttribute(Attribute.ofInt("to", 99));
    e = assertThrows(InvalidModelException.class, () -> new CastOp().evaluate(bad, List.of(x)));
    assertTrue(e.getMessage().contains("99"), e.getMessage());
    var string = noTo.withAttribute(Attribute.ofInt("to", 8));
    var u = assertThrows(UnsupportedModelException.class, () -> new CastOp().evaluate(string, List.of(x)));
    assertTrue(u.getMessage().contains("Cast node 'c0'"), u.getMessage());
  }
}
