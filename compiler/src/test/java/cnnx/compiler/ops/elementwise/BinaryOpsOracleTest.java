package cnnx.compiler.ops.elementwise;

import static cnnx.compiler.ops.elementwise.OracleHarness.FLOAT;
import static cnnx.compiler.ops.elementwise.OracleHarness.INT64;
import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.OracleRun;
import cnnx.compiler.testing.RandomShapes;
import cnnx.compiler.testing.RandomTensors;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Broadcasting arithmetic and comparisons against ONNX Runtime, for every pair of ranks 0 to 4. */
class BinaryOpsOracleTest {
  private static final List<String> ARITHMETIC = List.of("Add", "Sub", "Mul", "Div", "Pow");
  private static final List<String> COMPARISONS = List.of("Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual");

  /** One model computing every op of {@code ops} on a and b, each output cast as given. */
  private static byte[] model(List<String> ops, int aType, int[] a, int[] b, String resultCast, int outType) {
    OnnxModelBuilder m = new OnnxModelBuilder().opset(21).typedInput("a", aType, dims(a)).typedInput("b", aType, dims(b));
    int rank = Math.max(a.length, b.length);
    for (String op : ops) {
      String y = op.toLowerCase();
      if (resultCast == null) {
        m.node(op, names("a", "b"), names(y));
      } else {
        m.node(op, names("a", "b"), names(y + "_raw"));
        m.node("Cast", names(y + "_raw"), names(y), attr("to", Long.parseLong(resultCast)));
      }
      m.rankedOutput(y, rank, outType);
    }
    return m.toBytes();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4})
  void floatArithmeticBroadcastsOverAllRankPairs(int rankA) {
    for (int rankB = 0; rankB <= 4; rankB++) {
      for (long seed = 1; seed <= 2; seed++) {
        SplittableRandom rnd = new SplittableRandom(seed * 1000 + rankA * 10 + rankB);
        int[][] s = RandomShapes.broadcastable(rnd, 5, rankA, rankB);
        Tensor a = RandomTensors.normal(rnd, s[0]);
        Tensor b = RandomTensors.normal(rnd, s[1]);
        String what = Arrays.toString(s[0]) + " op " + Arrays.toString(s[1]);
        OracleHarness.assertMatchesOrt(model(ARITHMETIC, FLOAT, s[0], s[1], null, FLOAT),
            Map.of("a", a, "b", b), what);
      }
    }
  }

  /** Values drawn from a small set so that equality happens often. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4})
  void floatComparisonsBroadcast(int rankA) {
    for (int rankB = 0; rankB <= 4; rankB++) {
      SplittableRandom rnd = new SplittableRandom(rankA * 10 + rankB);
      int[][] s = RandomShapes.broadcastable(rnd, 5, rankA, rankB);
      Tensor a = coarse(rnd, s[0]);
      Tensor b = coarse(rnd, s[1]);
      OracleHarness.assertMatchesOrt(model(COMPARISONS, FLOAT, s[0], s[1], "7", INT64),
          Map.of("a", a, "b", b), Arrays.toString(s[0]) + " cmp " + Arrays.toString(s[1]));
    }
  }

  /** Int64 arithmetic is exact; division truncates toward zero, also for negative operands. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void int64ArithmeticAndComparisons(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[][] s = RandomShapes.broadcastable(rnd, 5, rnd.nextInt(5), rnd.nextInt(5));
    Tensor a = RandomTensors.ints(rnd, DataType.INT64, -3_000_000_000L, 2_999_999_999L, s[0]);
    Tensor b = nonZero(RandomTensors.ints(rnd, DataType.INT64, -1000, 999, s[1]));
    Map<String, Tensor> in = Map.of("a", a, "b", b);
    String what = Arrays.toString(s[0]) + " int64 " + Arrays.toString(s[1]);
    OracleHarness.assertMatchesOrt(model(List.of("Add", "Sub", "Mul", "Div"), INT64, s[0], s[1], null, INT64), in, what);
    OracleHarness.assertMatchesOrt(model(COMPARISONS, INT64, s[0], s[1], "7", INT64), in, what);
    Tensor small = RandomTensors.ints(rnd, DataType.INT64, -3, 3, s[0]);
    OracleHarness.assertMatchesOrt(model(List.of("Equal"), INT64, s[0], s[1], "7", INT64),
        Map.of("a", small, "b", RandomTensors.ints(rnd, DataType.INT64, -3, 3, s[1])), what + " equal");
  }

  /** Int32 results wrap around on overflow, computed through int32 casts inside the model. */
  @ParameterizedTest
  @ValueSource(strings = {"Add", "Sub", "Mul", "Div"})
  void int32ArithmeticWraps(String op) {
    SplittableRandom rnd = new SplittableRandom(op.hashCode());
    int[] shape = {4, 6};
    Tensor a = RandomTensors.ints(rnd, DataType.INT64, Integer.MIN_VALUE, Integer.MAX_VALUE - 1, shape);
    Tensor b = nonZero(RandomTensors.ints(rnd, DataType.INT64, op.equals("Div") ? -1000 : Integer.MIN_VALUE,
        op.equals("Div") ? 999 : Integer.MAX_VALUE - 1, 6));
    OnnxModelBuilder m = new OnnxModelBuilder().opset(21).typedInput("a", INT64, 4, 6).typedInput("b", INT64, 6)
        .node("Cast", names("a"), names("a32"), attr("to", 6L))
        .node("Cast", names("b"), names("b32"), attr("to", 6L))
        .node(op, names("a32", "b32"), names("y32"))
        .node("Cast", names("y32"), names("y"), attr("to", 7L));
    OracleHarness.assertMatchesOrt(m.rankedOutput("y", 2, INT64).toBytes(), Map.of("a", a, "b", b), op);
  }

  @Test
  void powOfIntegersAndMixedExponentTypes() {
    SplittableRandom rnd = new SplittableRandom(11);
    int[][] s = RandomShapes.broadcastable(rnd, 5, 3, 2);
    Tensor base = RandomTensors.ints(rnd, DataType.INT64, -6, 6, s[0]);
    Tensor exp = RandomTensors.ints(rnd, DataType.INT64, 0, 8, s[1]);
    OnnxModelBuilder m = new OnnxModelBuilder().opset(21).typedInput("a", INT64, dims(s[0])).typedInput("b", INT64, dims(s[1]))
        .typedInput("f", FLOAT, dims(s[0]))
        .node("Pow", names("a", "b"), names("ii"))
        .node("Pow", names("f", "b"), names("fi"));
    m.rankedOutput("ii", 3, INT64);
    m.rankedOutput("fi", 3, FLOAT);
    Tensor f = RandomTensors.normal(rnd, s[0]);
    OracleHarness.assertMatchesOrt(m.toBytes(), Map.of("a", base, "b", exp, "f", f), "Pow int");
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void whereBroadcastsThreeWays(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int round = 0; round < 5; round++) {
      int[][] s = RandomShapes.broadcastable(rnd, 4, rnd.nextInt(5), rnd.nextInt(5), rnd.nextInt(5));
      int rank = Math.max(s[0].length, Math.max(s[1].length, s[2].length));
      boolean ints = round == 4;
      int type = ints ? INT64 : FLOAT;
      OnnxModelBuilder m = new OnnxModelBuilder().opset(21).typedInput("c", INT64, dims(s[0]))
          .typedInput("x", type, dims(s[1])).typedInput("y", type, dims(s[2]))
          .node("Cast", names("c"), names("cb"), attr("to", 9L))
          .node("Where", names("cb", "x", "y"), names("w"));
      m.rankedOutput("w", rank, type);
      Map<String, Tensor> in = Map.of("c", RandomTensors.ints(rnd, DataType.INT64, 0, 1, s[0]),
          "x", ints ? RandomTensors.ints(rnd, DataType.INT64, -50, 49, s[1]) : RandomTensors.normal(rnd, s[1]),
          "y", ints ? RandomTensors.ints(rnd, DataType.INT64, -50, 49, s[2]) : RandomTensors.normal(rnd, s[2]));
      OracleHarness.assertMatchesOrt(m.toBytes(), in, "Where " + Arrays.toString(s[0]) + Arrays.toString(s[1])
          + Arrays.toString(s[2]));
    }
  }

  @Test
  void equalOnBools() {
    SplittableRandom rnd = new SplittableRandom(5);
    OnnxModelBuilder m = new OnnxModelBuilder().opset(21).typedInput("a", INT64, 3, 4).typedInput("b", INT64, 4)
        .node("Cast", names("a"), names("ab"), attr("to", 9L))
        .node("Cast", names("b"), names("bb"), attr("to", 9L))
        .node("Equal", names("ab", "bb"), names("e"))
        .node("Cast", names("e"), names("y"), attr("to", 7L));
    OracleHarness.assertMatchesOrt(m.rankedOutput("y", 2, INT64).toBytes(),
        Map.of("a", RandomTensors.ints(rnd, DataType.INT64, 0, 1, 3, 4),
            "b", RandomTensors.ints(rnd, DataType.INT64, 0, 1, 4)), "Equal bool");
  }

  /** PRelu's slope broadcasts to X: trailing-aligned shapes with ones, and the per-channel [C,1,1]. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void preluMatchesOrt(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int round = 0; round < 4; round++) {
      int rankX = 1 + rnd.nextInt(4);
      int[] x = RandomShapes.withOnes(rnd, rankX, 5);
      int[] slope;
      if (round == 0 && rankX >= 3) {
        slope = new int[rankX - 1];
        Arrays.fill(slope, 1);
        slope[0] = x[1];
      } else {
        int rankS = rnd.nextInt(rankX + 1);
        slope = Arrays.copyOfRange(x, rankX - rankS, rankX);
        for (int i = 0; i < slope.length; i++) {
          if (rnd.nextBoolean()) {
            slope[i] = 1;
          }
        }
      }
      OnnxModelBuilder m = new OnnxModelBuilder().opset(21).typedInput("x", FLOAT, dims(x)).typedInput("s", FLOAT, dims(slope))
          .node("PRelu", names("x", "s"), names("y"));
      OracleHarness.assertMatchesOrt(m.rankedOutput("y", rankX).toBytes(),
          Map.of("x", RandomTensors.normal(rnd, x), "s", RandomTensors.normal(rnd, slope)),
          "PRelu " + Arrays.toString(x) + " slope " + Arrays.toString(slope));
    }
  }

  /** ONNX Runtime has no integer PRelu; the expectation is written out directly. */
  @Test
  void preluOnInt64() {
    OnnxModelBuilder m = new OnnxModelBuilder().opset(21).typedInput("x", INT64, 2, 3).typedInput("s", INT64, 3)
        .node("PRelu", names("x", "s"), names("y"));
    Tensor x = Tensor.ofLongs(new int[] {2, 3}, new long[] {-4, 5, -6, 7, -8, 0});
    Tensor slope = Tensor.vector(2, -3, 0);
    Tensor y = OracleRun.reference(m.rankedOutput("y", 2, INT64).toBytes(), Map.of("x", x, "s", slope)).outputs()
        .get("y");
    assertArrayEquals(new long[] {-8, 5, 0, 7, 24, 0}, y.longs());
  }

  static Tensor coarse(SplittableRandom rnd, int[] shape) {
    float[] a = new float[Shapes.size(shape)];
    for (int i = 0; i < a.length; i++) {
      a[i] = (rnd.nextInt(5) - 2) * 0.5f;
    }
    return Tensor.ofFloats(shape, a);
  }

  static Tensor nonZero(Tensor t) {
    long[] a = t.longs().clone();
    for (int i = 0; i < a.length; i++) {
      if (a[i] == 0) {
        a[i] = 7;
      }
    }
    return Tensor.ofLongs(t.shape(), a);
  }
}
