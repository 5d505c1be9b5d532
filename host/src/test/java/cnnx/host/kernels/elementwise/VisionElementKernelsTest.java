package cnnx.host.kernels.elementwise;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomShapes;
import cnnx.compiler.testing.RandomTensors;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sign, Round, Gelu, Mish, Mod and And/Or/Xor on the device against the reference interpreter. */
class VisionElementKernelsTest {
  @ParameterizedTest
  @ValueSource(strings = {"Sign", "Round", "Mish", "Gelu", "GeluTanh"})
  void floatOps(String name) {
    String op = name.startsWith("Gelu") ? "Gelu" : name;
    SplittableRandom rnd = Cases.rnd(name, 1);
    int[] shape = RandomShapes.withOnes(rnd, name.length() % 5, 6);
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).input("x", dims(shape));
    if (name.equals("GeluTanh")) {
      b.node(op, names("x"), names("y"), attr("approximate", "tanh"));
    } else {
      b.node(op, names("x"), names("y"));
    }
    b.output("y");
    for (int draw = 0; draw < 3; draw++) {
      Tensor x = Cases.normal(rnd, draw == 1 ? 40 : 3, shape);
      if (draw == 2) {
        x = Cases.withSpecials(x, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, 0.0f, 0.5f,
            1.5f, -2.5f, Float.MIN_VALUE);
      }
      Cases.check(name + " " + Arrays.toString(shape) + " draw " + draw, b, Map.of("x", x));
    }
  }

  @Test
  void signOfIntegers() {
    int[] shape = {3, 4};
    for (DataType t : new DataType[] {DataType.INT64, DataType.INT32}) {
      OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("x", t.onnxCode(), dims(shape))
          .node("Sign", names("x"), names("y")).output("y", t.onnxCode());
      Cases.check("Sign " + t, b, Map.of("x", RandomTensors.ints(Cases.rnd("sign", 2), t, -3, 3, shape)));
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2})
  void mod(long seed) {
    SplittableRandom rnd = Cases.rnd("mod", seed);
    int[][] s = RandomShapes.broadcastable(rnd, 5, 1 + rnd.nextInt(4), rnd.nextInt(4));
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21)
        .typedInput("fa", DataType.FLOAT.onnxCode(), dims(s[0])).typedInput("fb", DataType.FLOAT.onnxCode(), dims(s[1]))
        .typedInput("ia", DataType.INT64.onnxCode(), dims(s[0])).typedInput("ib", DataType.INT64.onnxCode(), dims(s[1]))
        .typedInput("ja", DataType.INT32.onnxCode(), dims(s[0])).typedInput("jb", DataType.INT32.onnxCode(), dims(s[1]))
        .node("Mod", names("fa", "fb"), names("f"), attr("fmod", 1L))
        .node("Mod", names("ia", "ib"), names("i0"))
        .node("Mod", names("ia", "ib"), names("i1"), attr("fmod", 1L))
        .node("Mod", names("ja", "jb"), names("j0"))
        .output("f").output("i0", DataType.INT64.onnxCode()).output("i1", DataType.INT64.onnxCode())
        .output("j0", DataType.INT32.onnxCode());
    Tensor ib = RandomTensors.ints(rnd, DataType.INT64, 1, 30, s[1]);
    long[] signed = ib.longs().clone();
    for (int i = 0; i < signed.length; i += 2) {
      signed[i] = -signed[i];
    }
    Tensor divisor = Tensor.ofLongs(s[1], signed);
    Cases.check("Mod " + Arrays.toString(s[0]) + " " + Arrays.toString(s[1]), b, Map.of(
        "fa", Cases.normal(rnd, 10, s[0]), "fb", RandomTensors.uniform(rnd, -4f, 4f, s[1]),
        "ia", RandomTensors.ints(rnd, DataType.INT64, -1000, 1000, s[0]), "ib", divisor,
        "ja", RandomTensors.ints(rnd, DataType.INT32, -1000, 1000, s[0]),
        "jb", Tensor.ofLongs(DataType.INT32, s[1], signed)));
  }

  @Test
  void logicalOps() {
    SplittableRandom rnd = Cases.rnd("logical", 1);
    int[][] s = RandomShapes.broadcastable(rnd, 5, 3, 2);
    int bool = DataType.BOOL.onnxCode();
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("a", bool, dims(s[0])).typedInput("b", bool, dims(s[1]));
    for (String op : new String[] {"And", "Or", "Xor"}) {
      b.node(op, names("a", "b"), names(op.toLowerCase())).output(op.toLowerCase(), bool);
    }
    Cases.check("logical", b, Map.of("a", RandomTensors.ints(rnd, DataType.BOOL, 0, 1, s[0]),
        "b", RandomTensors.ints(rnd, DataType.BOOL, 0, 1, s[1])));
  }
}
