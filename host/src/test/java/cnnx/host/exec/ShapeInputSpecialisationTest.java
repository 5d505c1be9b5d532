package cnnx.host.exec;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import cnnx.compiler.Compiler;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.pass.ShapeInputs;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomTensors;
import cnnx.compiler.testing.TensorAssert;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.testing.OpenClHarness;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Shape-deciding integer inputs fed at run time (Reshape's shape, Slice's starts/ends, Unsqueeze's
 * axes, Split's sizes, Resize's sizes): the runner compiles for their values, one executable per
 * distinct value set, and each run matches the reference.
 */
class ShapeInputSpecialisationTest {
  private static final int INT64 = TensorProto.DataType.INT64_VALUE;

  private static byte[] model() {
    return new OnnxModelBuilder().opset(18)
        .input("x", 2, 3, 4, 5)
        .typedInput("shape", INT64, 3)
        .typedInput("starts", INT64, 1)
        .typedInput("ends", INT64, 1)
        .typedInput("axes", INT64, 1)
        .typedInput("split", INT64, 2)
        .typedInput("sizes", INT64, 4)
        .initializerLongs("slice_axes", new long[] {1}, 1)
        .node("Reshape", names("x", "shape"), names("r"))
        .node("Slice", names("r", "starts", "ends", "slice_axes"), names("s"))
        .node("Unsqueeze", names("s", "axes"), names("u"))
        .node("Split", names("x", "split"), names("a", "b"), attr("axis", 3L))
        .node("Resize", names("x", "", "", "sizes"), names("z"), attr("mode", "nearest"))
        .rankedOutput("u", 4).rankedOutput("a", 4).rankedOutput("b", 4).rankedOutput("z", 4)
        .toBytes();
  }

  private static Map<String, Tensor> feeds(Tensor x, long[] shape, long start, long end, long axis, long[] split,
      long[] sizes) {
    return Map.of("x", x, "shape", Tensor.vector(shape), "starts", Tensor.vector(start),
        "ends", Tensor.vector(end), "axes", Tensor.vector(axis), "split", Tensor.vector(split),
        "sizes", Tensor.vector(sizes));
  }

  @Test
  void compilesOncePerValueSetAndMatchesTheReference() {
    OpenClHarness.requireDevice();
    Graph g = new OnnxImporter().load(model(), "shape-inputs.onnx");
    Tensor x = RandomTensors.normal(new SplittableRandom(7), 2, 3, 4, 5);
    Map<String, Tensor> first = feeds(x, new long[] {6, -1, 5}, 1, 4, 0, new long[] {2, 3}, new long[] {2, 3, 6, 9});
    Map<String, Tensor> second = feeds(x, new long[] {0, 0, -1}, -3, 100, 2, new long[] {4, 1},
        new long[] {1, 3, 2, 3});
    try (OpenClRunner runner = new OpenClRunner(g, OpenClHarness.requireDevice(),
        KernelBinaryCache.atDefaultLocation(), Compiler.Options.defaults())) {
      OpenClExecutable e1 = runner.executable(first);
      OpenClExecutable e2 = runner.executable(second);
      assertNotSame(e1, e2, "a new value set compiles a new executable");
      assertSame(e1, runner.executable(first), "a value set seen before reuses its executable");
      for (Map<String, Tensor> in : List.of(first, second)) {
        Map<String, Tensor> expected = new ReferenceInterpreter().run(g, in);
        Map<String, Tensor> actual = runner.run(in).outputs();
        expected.forEach((name, t) -> TensorAssert.assertClose(t, actual.get(name), 0, 0, name));
      }
    }
  }

  // Intent (negative): integer data (Gather's indices) leaves shapes static, so nothing is specialised.
  @Test
  void integerDataIsNotSpecialised() {
    byte[] model = new OnnxModelBuilder().opset(18).input("x", 4, 3).typedInput("idx", INT64, 2)
        .node("Gather", names("x", "idx"), names("y"), attr("axis", 0L)).rankedOutput("y", 2).toBytes();
    Graph g = new OnnxImporter().load(model, "gather.onnx");
    Map<String, Tensor> in = Map.of("x", RandomTensors.normal(new SplittableRandom(1), 4, 3), "idx",
        Tensor.vector(3, 0));
    assertEquals(List.of(), ShapeInputs.needed(g, in));
    Graph shaped = new OnnxImporter().load(model(), "shape-inputs.onnx");
    Tensor x = RandomTensors.normal(new SplittableRandom(7), 2, 3, 4, 5);
    assertEquals(List.of("axes", "ends", "shape", "sizes", "split", "starts"), ShapeInputs.needed(shaped,
        feeds(x, new long[] {6, -1, 5}, 1, 4, 0, new long[] {2, 3}, new long[] {2, 3, 6, 9})));
  }
}
