package cnnx.compiler.ops.elementwise;

import static cnnx.compiler.ops.elementwise.OracleHarness.FLOAT;
import static cnnx.compiler.ops.elementwise.OracleHarness.INT64;
import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.OracleRun;
import cnnx.compiler.testing.RandomShapes;
import cnnx.compiler.testing.RandomTensors;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The element-wise ops of the vision model families (Sign, Round, Gelu, Mish, Mod, And/Or/Xor)
 * against ONNX Runtime on seeded random shapes.
 */
class VisionElementOpsOracleTest {
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void floatUnaryOpsMatchOrt(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] shape = RandomShapes.withOnes(rnd, (int) (seed % 5), 6);
    Tensor x = scaled(RandomTensors.normal(rnd, shape), seed == 5 ? 30 : 3);
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("x", FLOAT, dims(shape))
        .node("Sign", names("x"), names("sign"))
        .node("Round", names("x"), names("round"))
        .node("Mish", names("x"), names("mish"))
        .node("Gelu", names("x"), names("gelu"))
        .node("Gelu", names("x"), names("gelu_tanh"), attr("approximate", "tanh"));
    for (String y : new String[] {"sign", "round", "mish", "gelu", "gelu_tanh"}) {
      b.rankedOutput(y, shape.length);
    }
    OracleHarness.assertMatchesOrt(b.toBytes(), Map.of("x", x), "seed " + seed + " " + Arrays.toString(shape));
  }

  /** Halves round to even; zeros keep their sign through Sign and Round. */
  @Test
  void roundHalvesToEvenAndSignOfZeros() {
    Tensor x = Tensor.ofFloats(DataType.FLOAT, new int[] {10},
        new float[] {0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 0f, -0f, 2.4999998f, 1e20f});
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("x", FLOAT, 10)
        .node("Round", names("x"), names("r")).node("Sign", names("x"), names("s"));
    OracleHarness.assertMatchesOrt(b.rankedOutput("r", 1).rankedOutput("s", 1).toBytes(), Map.of("x", x), "halves");
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void signOfIntegers(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] shape = RandomShapes.withOnes(rnd, 3, 5);
    Tensor x = RandomTensors.ints(rnd, DataType.INT64, -3, 3, shape);
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("x", INT64, dims(shape))
        .node("Sign", names("x"), names("y"));
    OracleHarness.assertMatchesOrt(b.rankedOutput("y", 3, INT64).toBytes(), Map.of("x", x), "Sign int64");
  }

  /** fmod = 1 on floats and integers (dividend's sign), fmod = 0 on integers (divisor's sign), int32 too. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void modMatchesOrt(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[][] s = RandomShapes.broadcastable(rnd, 5, rnd.nextInt(5), rnd.nextInt(5));
    int rank = Math.max(s[0].length, s[1].length);
    Tensor fa = scaled(RandomTensors.normal(rnd, s[0]), 10);
    Tensor fb = scaled(RandomTensors.uniform(rnd, 0.5f, 4f, s[1]), rnd.nextBoolean() ? 1 : -1);
    Tensor ia = RandomTensors.ints(rnd, DataType.INT64, -1000, 1000, s[0]);
    Tensor ib = nonZero(RandomTensors.ints(rnd, DataType.INT64, -30, 30, s[1]));
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21)
        .typedInput("fa", FLOAT, dims(s[0])).typedInput("fb", FLOAT, dims(s[1]))
        .typedInput("ia", INT64, dims(s[0])).typedInput("ib", INT64, dims(s[1]))
        .node("Mod", names("fa", "fb"), names("f"), attr("fmod", 1L))
        .node("Mod", names("ia", "ib"), names("i0"))
        .node("Mod", names("ia", "ib"), names("i1"), attr("fmod", 1L))
        .node("Cast", names("ia"), names("ia32"), attr("to", 6L))
        .node("Cast", names("ib"), names("ib32"), attr("to", 6L))
        .node("Mod", names("ia32", "ib32"), names("m32"))
        .node("Cast", names("m32"), names("i32"), attr("to", 7L));
    b.rankedOutput("f", rank).rankedOutput("i0", rank, INT64).rankedOutput("i1", rank, INT64)
        .rankedOutput("i32", rank, INT64);
    OracleHarness.assertMatchesOrt(b.toBytes(), Map.of("fa", fa, "fb", fb, "ia", ia, "ib", ib),
        "Mod " + Arrays.toString(s[0]) + " % " + Arrays.toString(s[1]));
  }

  // Intent (negative): the spec rejects fmod = 0 on floats.
  @Test
  void modOfFloatsNeedsFmod() {
    byte[] model = new OnnxModelBuilder().opset(21).input("a", 2).input("b", 2)
        .node("Mod", names("a", "b"), names("y")).rankedOutput("y", 1).toBytes();
    Tensor v = Tensor.ofFloats(DataType.FLOAT, new int[] {2}, new float[] {1, 2});
    assertThrows(InvalidModelException.class, () -> OracleRun.reference(model, Map.of("a", v, "b", v)));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void logicalOpsMatchOrt(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[][] s = RandomShapes.broadcastable(rnd, 5, rnd.nextInt(5), rnd.nextInt(5));
    int rank = Math.max(s[0].length, s[1].length);
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("a", INT64, dims(s[0]))
        .typedInput("b", INT64, dims(s[1]))
        .node("Cast", names("a"), names("ab"), attr("to", 9L))
        .node("Cast", names("b"), names("bb"), attr("to", 9L));
    for (String op : new String[] {"And", "Or", "Xor"}) {
      String y = op.toLowerCase();
      b.node(op, names("ab", "bb"), names(y + "_b")).node("Cast", names(y + "_b"), names(y), attr("to", 7L));
      b.rankedOutput(y, rank, INT64);
    }
    OracleHarness.assertMatchesOrt(b.toBytes(), Map.of("a", RandomTensors.ints(rnd, DataType.INT64, 0, 1, s[0]),
        "b", RandomTensors.ints(rnd, DataType.INT64, 0, 1, s[1])), "logical " + Arrays.toString(s[0]));
  }

  private static Tensor scaled(Tensor t, float k) {
    float[] v = t.floats().clone();
    for (int i = 0; i < v.length; i++) {
      v[i] *= k;
    }
    return Tensor.ofFloats(DataType.FLOAT, t.shape(), v);
  }

  private static Tensor nonZero(Tensor t) {
    long[] v = t.longs().clone();
    for (int i = 0; i < v.length; i++) {
      v[i] = v[i] == 0 ? 7 : v[i];
    }
    return Tensor.ofLongs(t.shape(), v);
  }
}
