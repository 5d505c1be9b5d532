package cnnx.host.kernels.elementwise;

import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomShapes;
import cnnx.compiler.testing.RandomTensors;
import cnnx.host.testing.OpenClHarness;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Broadcasting arithmetic, Pow, comparisons, PRelu and Where on seeded random shapes. */
class BinaryKernelsTest {
  private static final int INT64 = DataType.INT64.onnxCode();
  private static final int INT32 = DataType.INT32.onnxCode();
  private static final int BOOL = DataType.BOOL.onnxCode();

  private static OnnxModelBuilder binary(String op, int type, int[] a, int[] b, int outType) {
    return new OnnxModelBuilder().opset(21).typedInput("a", type, dims(a)).typedInput("b", type, dims(b))
        .node(op, names("a", "b"), names("y")).output("y", outType);
  }

  /** Float +, -, *, / agree exactly with the reference's double-then-round up to division's ulp. */
  @ParameterizedTest
  @ValueSource(strings = {"Add", "Sub", "Mul", "Div"})
  void floatArithmetic(String op) {
    for (long seed = 1; seed <= 2; seed++) {
      SplittableRandom rnd = Cases.rnd(op, seed);
      int[][] s = RandomShapes.broadcastable(rnd, 5, rnd.nextInt(0, 5), rnd.nextInt(0, 5));
      OnnxModelBuilder b = binary(op, DataType.FLOAT.onnxCode(), s[0], s[1], DataType.FLOAT.onnxCode());
      Map<String, Tensor> in = Map.of("a", Cases.normal(rnd, 3, s[0]), "b", Cases.normal(rnd, 3, s[1]));
      Cases.check(op + " " + Arrays.toString(s[0]) + " " + Arrays.toString(s[1]), b, in);
    }
  }

  /**
   * int64 arithmetic wraps on overflow and divides truncating toward zero (MIN / -1 wraps), as
   * the reference's Java longs do.
   */
  @ParameterizedTest
  @ValueSource(strings = {"Add", "Sub", "Mul", "Div"})
  void int64Arithmetic(String op) {
    SplittableRandom rnd = Cases.rnd(op + "-int", 1);
    int[][] s = RandomShapes.broadcastable(rnd, 5, 3, 2);
    OnnxModelBuilder b = binary(op, INT64, s[0], s[1], INT64);
    long[] a = RandomTensors.ints(rnd, DataType.INT64, -50, 50, s[0]).longs().clone();
    long[] c = RandomTensors.ints(rnd, DataType.INT64, 1, 9, s[1]).longs().clone();
    for (int i = 0; i < c.length; i += 2) {
      c[i] = -c[i];
    }
    a[0] = Long.MIN_VALUE;
    c[0] = -1;
    if (a.length > 1) {
      a[1] = Long.MAX_VALUE;
    }
    Cases.check(op + " int64", b, Map.of("a", Tensor.ofLongs(DataType.INT64, s[0], a),
        "b", Tensor.ofLongs(DataType.INT64, s[1], c)));
  }

  /** int32 results wrap into int32 as in the reference, here with a constant int32 operand. */
  @Test
  void int32WrapsWithConstantOperand() {
    int[] shape = {3, 4};
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("a", INT32, dims(shape));
    b.graph().addInitializer(int32Scalar("k", 1_000_003));
    b.node("Mul", names("a", "k"), names("y")).output("y", INT32);
    Tensor a = RandomTensors.ints(Cases.rnd("int32-mul", 1), DataType.INT32, Integer.MIN_VALUE, Integer.MAX_VALUE,
        shape);
    Cases.check("Mul int32 wrapping", b, Map.of("a", a));
  }

  private static cnnx.compiler.onnx.proto.OnnxProtos.TensorProto int32Scalar(String name, int v) {
    return cnnx.compiler.onnx.proto.OnnxProtos.TensorProto.newBuilder().setName(name).setDataType(INT32)
        .addInt32Data(v).build();
  }

  /** OpenCL's pow is within 16 ulp of the reference's double pow, inside the default tolerance. */
  @Test
  void floatPow() {
    SplittableRandom rnd = Cases.rnd("pow", 1);
    int[][] s = RandomShapes.broadcastable(rnd, 5, 3, 1);
    OnnxModelBuilder b = binary("Pow", DataType.FLOAT.onnxCode(), s[0], s[1], DataType.FLOAT.onnxCode());
    for (int draw = 0; draw < 2; draw++) {
      Map<String, Tensor> in = Map.of("a", RandomTensors.uniform(rnd, 0.01f, 5, s[0]),
          "b", RandomTensors.uniform(rnd, -4, 4, s[1]));
      Cases.check("Pow float draw " + draw, b, in);
    }
    // Negative bases: integral exponents give signed powers, others NaN.
    int[] shape = {6};
    OnnxModelBuilder c = binary("Pow", DataType.FLOAT.onnxCode(), shape, shape, DataType.FLOAT.onnxCode());
    Cases.check("Pow negative bases", c, Map.of(
        "a", Tensor.ofFloats(shape, new float[] {-2, -1.5f, -3, 0, 0, -0.5f}),
        "b", Tensor.ofFloats(shape, new float[] {3, 2, 0.5f, 0, -1, -3})));
  }

  /** A float base with an int64 exponent. */
  @Test
  void floatBaseIntegerExponent() {
    int[] shape = {2, 5};
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).input("a", dims(shape)).typedInput("e", INT64, 5)
        .node("Pow", names("a", "e"), names("y")).output("y");
    Map<String, Tensor> in = Map.of("a", Cases.normal(Cases.rnd("pow-fi", 1), 2, shape),
        "e", Tensor.ofLongs(DataType.INT64, new int[] {5}, new long[] {0, 1, 2, 3, -2}));
    Cases.check("Pow float^int", b, in);
  }

  /** Integer powers are exact by repeated squaring; negative exponents truncate toward zero. */
  @Test
  void integerPow() {
    int[] shape = {4, 6};
    OnnxModelBuilder b = binary("Pow", INT64, shape, shape, INT64);
    SplittableRandom rnd = Cases.rnd("pow-int", 1);
    long[] base = RandomTensors.ints(rnd, DataType.INT64, -12, 12, shape).longs().clone();
    long[] exp = RandomTensors.ints(rnd, DataType.INT64, 0, 17, shape).longs().clone();
    long[][] specials = {{1, -5}, {-1, -3}, {-1, -4}, {5, -1}, {3, 40}, {-7, 63}, {2, 64}, {0, 0}};
    for (int i = 0; i < specials.length; i++) {
      base[i] = specials[i][0];
      exp[i] = specials[i][1];
    }
    Cases.check("Pow int64", b, Map.of("a", Tensor.ofLongs(DataType.INT64, shape, base),
        "b", Tensor.ofLongs(DataType.INT64, shape, exp)));
  }

  /**
   * An integer base with a float exponent gives the base's type, as ONNX says: the double power truncated
   * toward zero and saturated (NaN gives 0), as the reference and ONNX Runtime compute it. Exact equality.
   */
  @ParameterizedTest
  @ValueSource(ints = {6, 7})
  void integerBaseFloatExponent(int baseType) {
    float[] exps = {4, 5, 6, 0.5f, 1f / 3, -1, -2.5f, 0, 2.5f, 40, 70, Float.NaN, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, 0.5f, 3, 1e-3f, 31};
    long[] bases = {1, 2, 3, 16, 27, 2, 4, 0, -3, 3, -3, 5, 7, 7, -4, -1290, 1000, 2};
    int[] shape = {exps.length};
    byte[] model = new OnnxModelBuilder().opset(21).typedInput("a", baseType, exps.length)
        .input("e", exps.length).node("Pow", names("a", "e"), names("y")).output("y", baseType).toBytes();
    DataType t = DataType.fromOnnx(baseType, "a");
    Map<String, Tensor> in = Map.of("a", Tensor.ofLongs(t, shape, bases), "e", Tensor.ofFloats(shape, exps));
    OpenClHarness.assertMatchesReference(model, in, 0, 0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual"})
  void comparisons(String op) {
    SplittableRandom rnd = Cases.rnd(op, 1);
    int[][] s = RandomShapes.broadcastable(rnd, 5, 3, 3);
    // Small integers as floats, so that ties occur; NaN compares false except in Greater... none.
    OnnxModelBuilder fb = binary(op, DataType.FLOAT.onnxCode(), s[0], s[1], BOOL);
    Tensor fa = Cases.withSpecials(floor(RandomTensors.uniform(rnd, -3, 3, s[0])), Float.NaN);
    Cases.check(op + " float", fb, Map.of("a", fa, "b", floor(RandomTensors.uniform(rnd, -3, 3, s[1]))));
    OnnxModelBuilder ib = binary(op, INT64, s[0], s[1], BOOL);
    Cases.check(op + " int64", ib, Map.of("a", RandomTensors.ints(rnd, DataType.INT64, -2, 2, s[0]),
        "b", RandomTensors.ints(rnd, DataType.INT64, -2, 2, s[1])));
  }

  private static Tensor floor(Tensor t) {
    float[] a = t.floats().clone();
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) Math.floor(a[i]);
    }
    return Tensor.ofFloats(t.shape(), a);
  }

  @Test
  void equalOnBools() {
    int[] shape = {4, 3};
    OnnxModelBuilder b = binary("Equal", BOOL, shape, new int[] {3}, BOOL);
    SplittableRandom rnd = Cases.rnd("equal-bool", 1);
    Cases.check("Equal bool", b, Map.of("a", RandomTensors.ints(rnd, DataType.BOOL, 0, 1, shape),
        "b", RandomTensors.ints(rnd, DataType.BOOL, 0, 1, 3)));
  }

  /** The slope broadcasts unidirectionally: per channel ([C,1,1]) and elementwise. */
  @Test
  void prelu() {
    SplittableRandom rnd = Cases.rnd("prelu", 1);
    int[] x = {2, 5, 3, 4};
    int[][] slopes = {{5, 1, 1}, {4}};
    for (int[] s : slopes) {
      OnnxModelBuilder b = new OnnxModelBuilder().opset(21).input("x", dims(x)).input("s", dims(s))
          .node("PRelu", names("x", "s"), names("y")).output("y");
      Cases.check("PRelu slope " + Arrays.toString(s), b,
          Map.of("x", Cases.normal(rnd, 2, x), "s", Cases.normal(rnd, 1, s)));
    }
    OnnxModelBuilder ib = new OnnxModelBuilder().opset(21).typedInput("x", INT64, 3, 4).typedInput("s", INT64, 4)
        .node("PRelu", names("x", "s"), names("y")).output("y", INT64);
    Cases.check("PRelu int64", ib, Map.of("x", RandomTensors.ints(rnd, DataType.INT64, -9, 9, 3, 4),
        "s", RandomTensors.ints(rnd, DataType.INT64, -3, 3, 4)));
  }

  @Test
  void where() {
    SplittableRandom rnd = Cases.rnd("where", 1);
    int[][] s = RandomShapes.broadcastable(rnd, 5, 3, 2, 3);
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("c", BOOL, dims(s[0]))
        .input("x", dims(s[1])).input("y", dims(s[2]))
        .node("Where", names("c", "x", "y"), names("z")).output("z");
    Cases.check("Where " + Arrays.toString(s[0]) + Arrays.toString(s[1]) + Arrays.toString(s[2]), b,
        Map.of("c", RandomTensors.ints(rnd, DataType.BOOL, 0, 1, s[0]), "x", Cases.normal(rnd, 1, s[1]),
            "y", Cases.normal(rnd, 1, s[2])));
    OnnxModelBuilder ib = new OnnxModelBuilder().opset(21).typedInput("c", BOOL, 4).typedInput("x", INT64, 3, 4)
        .typedInput("y", INT64).node("Where", names("c", "x", "y"), names("z")).output("z", INT64);
    Cases.check("Where int64", ib, Map.of("c", RandomTensors.ints(rnd, DataType.BOOL, 0, 1, 4),
        "x", RandomTensors.ints(rnd, DataType.INT64, -9, 9, 3, 4),
        "y", Tensor.ofLongs(DataType.INT64, new int[0], new long[] {42})));
  }
}
