package cnnx.host.reliability;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.Compiler;
import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.exec.OpenClExecutable;
import cnnx.host.testing.OpenClHarness;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Run-time data the reference rejects — an index out of range, an integer division by zero — is
 * rejected on OpenCL too, with the same typed error naming the node and the problem (the kernels
 * raise the plan's error flag), and the next good run on the same executable is right.
 */
class DataDependentFailureTest {
  private static final int INT64 = TensorProto.DataType.INT64_VALUE;

  /** Compiled (fused) for the shapes of {@code like} and loaded on the first OpenCL device. */
  private static OpenClExecutable load(Graph g, Map<String, Tensor> like) {
    Map<String, int[]> shapes = new java.util.TreeMap<>();
    like.forEach((k, v) -> shapes.put(k, v.shape()));
    Compiler.Compiled c = new Compiler().compile(g, Compiler.Options.defaults().withInputShapes(shapes));
    return OpenClExecutable.load(OpenClHarness.context(), c.plan(), KernelBinaryCache.atDefaultLocation());
  }

  private static void refusedLikeTheReference(OnnxModelBuilder model, String problem, Map<String, Tensor> bad,
      Map<String, Tensor> good) {
    Graph g = new OnnxImporter().load(model.toBytes(), "m.onnx");
    InvalidModelException ref = assertThrows(InvalidModelException.class, () -> new ReferenceInterpreter().run(g, bad));
    Map<String, Tensor> expected = new ReferenceInterpreter().run(g, good);
    try (OpenClExecutable r = load(g, good)) {
      Map<String, Tensor> first = r.run(good).outputs();
      InvalidModelException dev = assertThrows(InvalidModelException.class, () -> r.run(bad));
      String node = g.nodes().get(g.nodes().size() - 1).name();
      assertTrue(dev.getMessage().contains(node) && dev.getMessage().contains(problem), dev.getMessage());
      assertTrue(ref.getMessage().contains(node) && ref.getMessage().contains(problem), ref.getMessage());
      Map<String, Tensor> after = r.run(good).outputs();
      for (String name : expected.keySet()) {
        assertEquals(expected.get(name), first.get(name), name + " before the failure");
        assertEquals(expected.get(name), after.get(name), name + " after the failure");
      }
    }
  }

  private static Tensor longs(int[] shape, long... v) {
    return Tensor.ofLongs(shape, v);
  }

  @Test
  void gatherIndexOutOfRange() {
    float[] data = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    OnnxModelBuilder m = new OnnxModelBuilder().initializer("d", data, 4, 3).typedInput("i", INT64, 2)
        .node("Gather", names("d", "i"), names("y"), attr("axis", 0L)).output("y");
    refusedLikeTheReference(m, "out of range", Map.of("i", longs(new int[] {2}, 1, 4)), Map.of("i", longs(new int[] {2}, 3, -4)));
    refusedLikeTheReference(m, "out of range", Map.of("i", longs(new int[] {2}, -5, 0)), Map.of("i", longs(new int[] {2}, -1, 0)));
  }

  @Test
  void maxUnpoolIndexOutsideTheOutput() {
    OnnxModelBuilder m = new OnnxModelBuilder().input("x", 1L, 1L, 2L, 2L).typedInput("i", INT64, 1, 1, 2, 2)
        .node("MaxUnpool", names("x", "i"), names("y"), attrInts("kernel_shape", 2, 2), attrInts("strides", 2, 2))
        .output("y");
    Tensor x = Tensor.ofFloats(new int[] {1, 1, 2, 2}, new float[] {1, 2, 3, 4});
    int[] s = {1, 1, 2, 2};
    refusedLikeTheReference(m, "out of range", Map.of("x", x, "i", longs(s, 0, 3, 16, 15)), Map.of("x", x, "i", longs(s, 0, 3, 12, 15)));
    refusedLikeTheReference(m, "out of range", Map.of("x", x, "i", longs(s, 0, -1, 8, 15)), Map.of("x", x, "i", longs(s, 0, 1, 8, 15)));
  }

  @Test
  void cumSumAxisOutOfRange() {
    OnnxModelBuilder m = new OnnxModelBuilder().input("x", 2L, 3L).typedInput("axis", INT64)
        .node("CumSum", names("x", "axis"), names("y")).output("y");
    Tensor x = Tensor.ofFloats(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});
    refusedLikeTheReference(m, "out of range", Map.of("x", x, "axis", longs(new int[0], 2)),
        Map.of("x", x, "axis", longs(new int[0], -1)));
    refusedLikeTheReference(m, "out of range", Map.of("x", x, "axis", longs(new int[0], -3)),
        Map.of("x", x, "axis", longs(new int[0], 0)));
  }

  @Test
  void integerDivisionByZero() {
    OnnxModelBuilder m = new OnnxModelBuilder().typedInput("a", INT64, 4).typedInput("b", INT64, 4)
        .node("Div", names("a", "b"), names("y")).output("y", INT64);
    int[] s = {4};
    Tensor a = longs(s, 7, -9, Long.MIN_VALUE, 5);
    refusedLikeTheReference(m, "division by zero", Map.of("a", a, "b", longs(s, 2, 0, -1, 1)), Map.of("a", a, "b", longs(s, 2, 4, -1, 3)));
  }

  @Test
  void integerDivisionByZeroInsideAFusedChain() {
    OnnxModelBuilder m = new OnnxModelBuilder().typedInput("a", INT64, 3).typedInput("b", INT64, 3)
        .node("Add", names("a", "b"), names("s")).node("Div", names("a", "s"), names("y")).output("y", INT64);
    int[] s = {3};
    Tensor a = longs(s, 6, 1, -4);
    refusedLikeTheReference(m, "division by zero", Map.of("a", a, "b", longs(s, 1, -1, 2)), Map.of("a", a, "b", longs(s, 1, 1, 2)));
  }

  @Test
  void floatDivisionByZeroIsNoError() {
    Graph g = new OnnxImporter().load(new OnnxModelBuilder().input("a", 3L).input("b", 3L)
        .node("Div", names("a", "b"), names("y")).output("y").toBytes(), "m.onnx");
    Map<String, Tensor> in = Map.of("a", Tensor.ofFloats(new int[] {3}, new float[] {1, -1, 0}),
        "b", Tensor.zeros(DataType.FLOAT, new int[] {3}));
    try (OpenClExecutable r = load(g, in)) {
      float[] y = r.run(in).outputs().get("y").floats();
      assertArrayEquals(new ReferenceInterpreter().run(g, in).get("y").floats(), y);
      assertTrue(Float.isNaN(y[2]) && y[0] == Float.POSITIVE_INFINITY);
    }
  }
}
