package cnnx.compiler.ops.elementwise;

import static cnnx.compiler.ops.elementwise.OracleHarness.FLOAT;
import static cnnx.compiler.ops.elementwise.OracleHarness.INT64;
import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.proto.OnnxProtos.AttributeProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomShapes;
import cnnx.compiler.testing.RandomTensors;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One-input ops against ONNX Runtime on seeded random shapes (rank 0 to 4) and attributes. */
class UnaryOpsOracleTest {
  private static final long[] SEEDS = {1, 2, 3, 4, 5};

  /** Random attributes per op; ops without attributes get none. */
  private static final Map<String, Function<SplittableRandom, List<AttributeProto>>> ATTRS = Map.of(
      "LeakyRelu", r -> List.of(attr("alpha", (float) r.nextDouble(0.01, 0.9))),
      "Elu", r -> List.of(attr("alpha", (float) r.nextDouble(0.1, 2))),
      "Selu", r -> r.nextBoolean() ? List.of()
          : List.of(attr("alpha", (float) r.nextDouble(0.5, 2)), attr("gamma", (float) r.nextDouble(0.5, 2))),
      "HardSigmoid", r -> List.of(attr("alpha", (float) r.nextDouble(0.05, 1)),
          attr("beta", (float) r.nextDouble(-0.5, 1))));

  @ParameterizedTest
  @ValueSource(strings = {"Relu", "LeakyRelu", "Elu", "Selu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh",
      "Softplus", "Softsign", "Neg", "Abs", "Sqrt", "Exp", "Log", "Reciprocal", "Floor", "Ceil", "Identity"})
  void floatOpsMatchOrt(String op) {
    for (long seed : SEEDS) {
      SplittableRandom rnd = new SplittableRandom(seed * 31 + op.hashCode());
      int[] shape = RandomShapes.withOnes(rnd, (int) (seed % 5), 6);
      // Scaled normals reach the saturating and the overflowing ranges of every function.
      Tensor x = scaled(RandomTensors.normal(rnd, shape), seed == 5 ? 40 : 3);
      List<AttributeProto> attrs = ATTRS.getOrDefault(op, r -> List.of()).apply(rnd);
      OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("x", FLOAT, dims(shape))
          .node(op, names("x"), names("y"), attrs.toArray(AttributeProto[]::new));
      byte[] model = b.rankedOutput("y", shape.length).toBytes();
      OracleHarness.assertMatchesOrt(model, Map.of("x", x), op + " seed " + seed + " " + Arrays.toString(shape));
    }
  }

  /**
   * cnnx sums a double series for Erf and ONNX Runtime uses a float32 approximation; the two still
   * agree within the stated tolerance, so none is loosened.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void erfMatchesOrt(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] shape = RandomShapes.withOnes(rnd, 3, 7);
    Tensor x = scaled(RandomTensors.normal(rnd, shape), 2);
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("x", FLOAT, dims(shape))
        .node("Erf", names("x"), names("y"));
    OracleHarness.assertMatchesOrt(b.rankedOutput("y", 3).toBytes(), Map.of("x", x), "Erf seed " + seed);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Neg", "Abs", "Identity"})
  void int64OpsMatchOrt(String op) {
    for (long seed : SEEDS) {
      SplittableRandom rnd = new SplittableRandom(seed + op.hashCode());
      int[] shape = RandomShapes.withOnes(rnd, (int) (seed % 4) + 1, 6);
      Tensor x = RandomTensors.ints(rnd, DataType.INT64, -1_000_000_000_000L, 999_999_999_999L, shape);
      OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("x", INT64, dims(shape))
          .node(op, names("x"), names("y"));
      byte[] model = b.rankedOutput("y", shape.length, INT64).toBytes();
      OracleHarness.assertMatchesOrt(model, Map.of("x", x), op + " int64 seed " + seed);
    }
  }

  /** ONNX Runtime has integer Relu only for int8 and int32 (not int64). */
  @ParameterizedTest
  @ValueSource(longs = {3, 1})
  void reluOnNarrowIntegersMatchesOrt(long to) {
    SplittableRandom rnd = new SplittableRandom(to);
    int[] shape = {4, 7};
    Tensor x = RandomTensors.ints(rnd, DataType.INT64, -128, 127, shape);
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("x", INT64, dims(shape))
        .node("Cast", names("x"), names("xi"), attr("to", to == 3 ? 3L : 6L))
        .node("Relu", names("xi"), names("r"))
        .node("Cast", names("r"), names("y"), attr("to", 7L));
    OracleHarness.assertMatchesOrt(b.rankedOutput("y", 2, INT64).toBytes(), Map.of("x", x), "Relu int");
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void notOnBoolMatchesOrt(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] shape = RandomShapes.withOnes(rnd, 3, 5);
    Tensor x = RandomTensors.ints(rnd, DataType.INT64, 0, 1, shape);
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("x", INT64, dims(shape))
        .node("Cast", names("x"), names("xb"), attr("to", 9L))
        .node("Not", names("xb"), names("nb"))
        .node("Cast", names("nb"), names("y"), attr("to", 7L));
    OracleHarness.assertMatchesOrt(b.rankedOutput("y", 3, INT64).toBytes(), Map.of("x", x), "Not");
  }

  /** Clip with each combination of absent and present bounds, including min above max. */
  @ParameterizedTest
  @ValueSource(strings = {"none", "min", "max", "both", "crossed", "trailing-none"})
  void clipMatchesOrt(String bounds) {
    for (long seed : SEEDS) {
      SplittableRandom rnd = new SplittableRandom(seed + bounds.hashCode());
      int[] shape = RandomShapes.withOnes(rnd, (int) (seed % 5), 6);
      Tensor x = scaled(RandomTensors.normal(rnd, shape), 2);
      float lo = (float) rnd.nextDouble(-1.5, 0.2);
      float hi = (float) rnd.nextDouble(0.3, 1.5);
      if (bounds.equals("crossed")) {
        float t = lo;
        lo = hi;
        hi = t;
      }
      OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("x", FLOAT, dims(shape))
          .initializer("lo", new float[] {lo}).initializer("hi", new float[] {hi});
      List<String> in = switch (bounds) {
        case "none" -> names("x");
        case "trailing-none" -> names("x", "", "");
        case "min" -> names("x", "lo");
        case "max" -> names("x", "", "hi");
        default -> names("x", "lo", "hi");
      };
      b.node("Clip", in, names("y"));
      byte[] model = b.rankedOutput("y", shape.length).toBytes();
      OracleHarness.assertMatchesOrt(model, Map.of("x", x), "Clip " + bounds + " seed " + seed);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"min", "max", "both"})
  void clipInt64MatchesOrt(String bounds) {
    SplittableRandom rnd = new SplittableRandom(bounds.hashCode());
    int[] shape = {3, 5};
    Tensor x = RandomTensors.ints(rnd, DataType.INT64, -100, 99, shape);
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("x", INT64, dims(shape))
        .initializerLongs("lo", new long[] {-20}).initializerLongs("hi", new long[] {35});
    List<String> in = switch (bounds) {
      case "min" -> names("x", "lo");
      case "max" -> names("x", "", "hi");
      default -> names("x", "lo", "hi");
    };
    b.node("Clip", in, names("y"));
    byte[] model = b.rankedOutput("y", 2, INT64).toBytes();
    OracleHarness.assertMatchesOrt(model, Map.of("x", x), "Clip int64 " + bounds);
  }

  static Tensor scaled(Tensor t, float k) {
    float[] a = t.floats().clone();
    for (int i = 0; i < a.length; i++) {
      a[i] *= k;
    }
    return Tensor.ofFloats(t.shape(), a);
  }
}
