package cnnx.host.kernels.tensor;

import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.codegen.CodeGenerator;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.pass.BindInputShapes;
import cnnx.compiler.pass.InferShapes;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.TensorAssert;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.exec.OpenClExecutable;
import cnnx.host.testing.OpenClHarness;
import cnnx.kernels.plan.Plan;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Shared pieces of the data-movement kernel tests. Data always enters as a graph input, so the op
 * under test runs as a kernel instead of folding; steering inputs (pads, axes, scales) are
 * initializers, baked into the kernel. Data movement is exact, so outputs must match the reference
 * within rtol = atol = 1e-5 (int64 outputs exactly).
 */
final class TensorKernelChecks {
  static final double RTOL = 1e-5;
  static final double ATOL = 1e-5;
  static final int INT64 = TensorProto.DataType.INT64_VALUE;
  static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;

  private TensorKernelChecks() {}

  static OnnxModelBuilder model() {
    return new OnnxModelBuilder().opset(21).irVersion(10);
  }

  /** Adds input {@code name} of the tensor's type and shape, and returns the feed. */
  static Map<String, Tensor> feed(OnnxModelBuilder b, Map<String, Tensor> feeds, String name, Tensor t) {
    b.typedInput(name, t.isFloating() ? FLOAT : INT64, dims(t.shape()));
    feeds.put(name, t);
    return feeds;
  }

  /** Standard-normal floats, or (when {@code longs}) int64 values spread over the whole range. */
  static Tensor data(SplittableRandom rnd, boolean longs, int... shape) {
    int n = Shapes.size(shape);
    if (longs) {
      long[] v = new long[n];
      for (int i = 0; i < n; i++) {
        v[i] = rnd.nextLong();
      }
      return Tensor.ofLongs(shape, v);
    }
    return cnnx.compiler.testing.RandomTensors.normal(rnd, shape);
  }

  /** Compiles (fused and unfused), runs on the device and compares with the reference interpreter. */
  static void check(OnnxModelBuilder b, Map<String, Tensor> feeds) {
    check(b, feeds, RTOL, ATOL);
  }

  static void check(OnnxModelBuilder b, Map<String, Tensor> feeds, double rtol, double atol) {
    OpenClHarness.assertMatchesReference(b.toBytes(), feeds, rtol, atol);
  }

  /**
   * As {@link #check} for ops that constant folding would remove (Shape, ConstantOfShape, Range):
   * compiles with shapes inferred but nothing folded, so the op itself becomes a kernel.
   */
  static void checkUnfolded(OnnxModelBuilder b, Map<String, Tensor> feeds, String opType) {
    OpenClHarness.requireDevice();
    Graph imported = new OnnxImporter().load(b.toBytes(), "model.onnx");
    Map<String, int[]> shapes = new TreeMap<>();
    feeds.forEach((k, v) -> shapes.put(k, v.shape()));
    Graph g = new InferShapes().apply(BindInputShapes.exact(shapes).apply(imported));
    assertTrue(g.nodes().stream().anyMatch(n -> n.opType().equals(opType)), opType + " is still in the graph");
    Plan plan = cnnx.compiler.codegen.PlanMemory.place(new CodeGenerator(cnnx.compiler.Compiler.GENERIC_CPU).generate(g));
    Map<String, Tensor> expected = new ReferenceInterpreter().run(imported, feeds);
    Map<String, Tensor> actual;
    try (OpenClExecutable e = OpenClExecutable.load(OpenClHarness.context(), plan,
        KernelBinaryCache.atDefaultLocation())) {
      actual = e.run(feeds).outputs();
    }
    expected.forEach((name, t) -> TensorAssert.assertClose(t, actual.get(name), RTOL, ATOL, name + " (unfolded)"));
  }

  static Map<String, Tensor> feeds() {
    return new HashMap<>();
  }
}
