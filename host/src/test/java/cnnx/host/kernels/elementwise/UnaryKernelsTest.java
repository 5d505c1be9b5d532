package cnnx.host.kernels.elementwise;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One-input activations and math ops on the device against the reference interpreter: one seeded
 * random shape per op (rank 0 to 4), several data draws on it, random attributes.
 */
class UnaryKernelsTest {
  private static final Map<String, Function<SplittableRandom, List<AttributeProto>>> ATTRS = Map.of(
      "LeakyRelu", r -> List.of(attr("alpha", (float) r.nextDouble(0.01, 0.9))),
      "Elu", r -> List.of(attr("alpha", (float) r.nextDouble(0.1, 2))),
      "Selu", r -> List.of(attr("alpha", (float) r.nextDouble(0.5, 2)), attr("gamma", (float) r.nextDouble(0.5, 2))),
      "HardSigmoid", r -> List.of(attr("alpha", (float) r.nextDouble(0.05, 1)),
          attr("beta", (float) r.nextDouble(-0.5, 1))));

  /** Inputs in each function's domain: positive for Sqrt and Log, away from 0 for Reciprocal. */
  private static Tensor input(String op, SplittableRandom rnd, int draw, int[] shape) {
    return switch (op) {
      case "Sqrt", "Log" -> RandomTensors.uniform(rnd, 1e-3f, draw == 0 ? 4 : 1000, shape);
      case "Reciprocal" -> {
        float[] a = RandomTensors.uniform(rnd, 0.05f, 20, shape).floats().clone();
        for (int i = 0; i < a.length; i += 2) {
          a[i] = -a[i];
        }
        yield Tensor.ofFloats(shape, a);
      }
      case "Exp" -> RandomTensors.uniform(rnd, -30, 30, shape);
      // Draws 2 and 3 reach the saturating ranges (and float exp's overflow in Sigmoid and Softplus).
      default -> Cases.normal(rnd, draw >= 2 ? 40 : 3, shape);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"Relu", "LeakyRelu", "Elu", "Selu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh",
      "Softplus", "Softsign", "Neg", "Abs", "Sqrt", "Exp", "Log", "Reciprocal", "Floor", "Ceil", "Erf"})
  void floatOps(String op) {
    SplittableRandom rnd = Cases.rnd(op, 1);
    int[] shape = RandomShapes.withOnes(rnd, op.length() % 5, 6);
    List<AttributeProto> attrs = ATTRS.getOrDefault(op, r -> List.of()).apply(rnd);
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).input("x", dims(shape))
        .node(op, names("x"), names("y"), attrs.toArray(AttributeProto[]::new)).output("y");
    for (int draw = 0; draw < 4; draw++) {
      Tensor x = input(op, rnd, draw, shape);
      if (draw == 3) {
        // NaN and infinities pass through as in the reference (Math.max and min keep NaN).
        x = Cases.withSpecials(x, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, 0.0f,
            Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE);
      }
      Cases.check(op + " " + Arrays.toString(shape) + " draw " + draw, b, Map.of("x", x));
    }
  }

  @Test
  void seluDefaults() {
    int[] shape = {3, 5};
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).input("x", dims(shape))
        .node("Selu", names("x"), names("y")).output("y");
    Cases.check("Selu defaults", b, Map.of("x", Cases.normal(Cases.rnd("selu", 1), 3, shape)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Relu", "Neg", "Abs"})
  void integerOps(String op) {
    SplittableRandom rnd = Cases.rnd(op, 3);
    int[] shape = RandomShapes.withOnes(rnd, 3, 5);
    for (DataType t : new DataType[] {DataType.INT64, DataType.INT32}) {
      OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("x", t.onnxCode(), dims(shape))
          .node(op, names("x"), names("y")).output("y", t.onnxCode());
      long bound = t == DataType.INT64 ? Long.MAX_VALUE / 2 : Integer.MAX_VALUE;
      Tensor x = RandomTensors.ints(rnd, t, -bound, bound, shape);
      if (t == DataType.INT64 && x.size() > 0) {
        // Java's Neg and Abs of the minimum wrap to itself; so must the kernel.
        long[] a = x.longs().clone();
        a[0] = Long.MIN_VALUE;
        x = Tensor.ofLongs(t, shape, a);
      }
      Cases.check(op + " " + t + " " + Arrays.toString(shape), b, Map.of("x", x));
    }
  }

  @Test
  void not() {
    int[] shape = {2, 3, 4};
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("x", DataType.BOOL.onnxCode(), dims(shape))
        .node("Not", names("x"), names("y")).output("y", DataType.BOOL.onnxCode());
    Cases.check("Not", b, Map.of("x", RandomTensors.ints(Cases.rnd("not", 1), DataType.BOOL, 0, 1, shape)));
  }
}
