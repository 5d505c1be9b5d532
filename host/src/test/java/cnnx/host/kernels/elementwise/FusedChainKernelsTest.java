package cnnx.host.kernels.elementwise;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnx.compiler.Compiler;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomTensors;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Chains of element ops of one shape fuse into one kernel, each step reading the one before as
 * its fused operand (in any input position) and its other operands broadcast from buffers. The
 * harness runs every chain fused and unfused; each test also checks that the fused plan is one
 * launch, so that the fused path is what runs.
 */
class FusedChainKernelsTest {
  private static final int FLOAT = DataType.FLOAT.onnxCode();
  private static final int INT64 = DataType.INT64.onnxCode();
  private static final int BOOL = DataType.BOOL.onnxCode();

  private static void assertOneLaunch(OnnxModelBuilder b, Map<String, Tensor> inputs) {
    Map<String, int[]> shapes = new TreeMap<>();
    inputs.forEach((k, v) -> shapes.put(k, v.shape()));
    var compiled = new Compiler().compile(new OnnxImporter().load(b.toBytes(), "chain"),
        Compiler.Options.defaults().withInputShapes(shapes));
    assertEquals(1, compiled.plan().launches().size(), () -> "fused plan: " + compiled.plan().launches());
  }

  /** Mul → Add → Relu → Sigmoid on NCHW with per-channel scale (constant) and shift (input). */
  @Test
  void scaleShiftReluSigmoid() {
    SplittableRandom rnd = Cases.rnd("chain-1", 1);
    int[] x = {2, 3, 5, 4};
    int[] ch = {3, 1, 1};
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).input("x", dims(x)).input("shift", dims(ch))
        .initializer("scale", Cases.normal(rnd, 1, ch).floats(), dims(ch))
        .node("Mul", names("x", "scale"), names("m"))
        .node("Add", names("shift", "m"), names("a"))
        .node("Relu", names("a"), names("r"))
        .node("Sigmoid", names("r"), names("y")).output("y");
    for (int draw = 0; draw < 2; draw++) {
      Map<String, Tensor> in = Map.of("x", Cases.normal(rnd, 2, x), "shift", Cases.normal(rnd, 1, ch));
      if (draw == 0) {
        assertOneLaunch(b, in);
      }
      Cases.check("Mul-Add-Relu-Sigmoid draw " + draw, b, in);
    }
  }

  /**
   * A long chain through most kinds of step: broadcast arithmetic, Clip with constant and
   * run-time bounds, attribute activations, PRelu, Pow, variadic Max, Where with the fused value
   * as its second input.
   */
  @Test
  void longChain() {
    SplittableRandom rnd = Cases.rnd("chain-2", 1);
    int[] x = {3, 4, 6};
    int[] row = {6};
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).input("x", dims(x)).input("w", dims(row))
        .input("hi").typedInput("cond", BOOL, dims(x)).input("other", dims(x))
        .initializer("two", new float[] {2f})
        .initializer("lo", new float[] {-1.5f})
        .initializer("slope", Cases.normal(rnd, 0.5f, 4, 1).floats(), 4, 1)
        .node("Sub", names("x", "w"), names("s1"))
        .node("Div", names("s1", "two"), names("s2"))
        .node("Clip", names("s2", "lo", "hi"), names("s3"))
        .node("LeakyRelu", names("s3"), names("s4"), attr("alpha", 0.2f))
        .node("HardSwish", names("s4"), names("s5"))
        .node("PRelu", names("s5", "slope"), names("s6"))
        .node("Pow", names("s6", "two"), names("s7"))
        .node("Max", names("w", "s7"), names("s8"))
        .node("Where", names("cond", "s8", "other"), names("s9"))
        .node("Tanh", names("s9"), names("y")).output("y");
    Map<String, Tensor> in = Map.of("x", Cases.normal(rnd, 3, x), "w", Cases.normal(rnd, 1, row),
        "hi", Tensor.scalar(1.25f), "cond", RandomTensors.ints(rnd, DataType.BOOL, 0, 1, x),
        "other", Cases.normal(rnd, 1, x));
    assertOneLaunch(b, in);
    Cases.check("long chain", b, in);
  }

  /** Integer and bool steps fuse too, keeping their integer arithmetic. */
  @Test
  void integerAndBoolChains() {
    SplittableRandom rnd = Cases.rnd("chain-3", 1);
    int[] x = {4, 5};
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("a", INT64, dims(x)).typedInput("k", INT64, 5)
        .initializerLongs("three", new long[] {3}, 1)
        .node("Add", names("a", "k"), names("t1"))
        .node("Mul", names("three", "t1"), names("t2"))
        .node("Neg", names("t2"), names("t3"))
        .node("Div", names("t3", "k"), names("t4"))
        .node("Relu", names("t4"), names("y")).output("y", INT64);
    long[] k = RandomTensors.ints(rnd, DataType.INT64, 1, 7, 5).longs().clone();
    k[1] = -k[1];
    Map<String, Tensor> in = Map.of("a", RandomTensors.ints(rnd, DataType.INT64, -100, 100, x),
        "k", Tensor.ofLongs(DataType.INT64, new int[] {5}, k));
    assertOneLaunch(b, in);
    Cases.check("int64 chain", b, in);

    OnnxModelBuilder c = new OnnxModelBuilder().opset(21).input("p", dims(x)).input("q", dims(x))
        .typedInput("r", BOOL, 5)
        .node("Less", names("p", "q"), names("l"))
        .node("Not", names("l"), names("n"))
        .node("Equal", names("n", "r"), names("y")).output("y", BOOL);
    Map<String, Tensor> bin = Map.of("p", Cases.normal(rnd, 1, x), "q", Cases.normal(rnd, 1, x),
        "r", RandomTensors.ints(rnd, DataType.BOOL, 0, 1, 5));
    assertOneLaunch(c, bin);
    Cases.check("bool chain", c, bin);
  }
}
