package cnnx.host.testing;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import cnnx.compiler.Compiler;
import cnnx.compiler.codegen.TaskSequences;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.TensorAssert;
import cnnx.host.cl.ClContext;
import cnnx.host.cl.DeviceInfo;
import cnnx.host.cl.Discovery;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.cl.OpenClPlatforms;
import cnnx.host.exec.OpenClExecutable;
import cnnx.kernels.plan.Plan;
import java.util.Map;

/**
 * Runs models through the OpenCL backend on the first OpenCL device (PoCL here) and checks them
 * against the reference interpreter, the kernels' JVM twin. Tests skip, saying why, when there is
 * no OpenCL device. One context is shared by all tests of a JVM; the kernel-binary cache is the
 * default one, so repeated runs skip PoCL's compile.
 */
public final class OpenClHarness {
  private static final Discovery DISCOVERY = OpenClPlatforms.discover();
  private static ClContext context;

  private OpenClHarness() {}

  public static synchronized DeviceInfo requireDevice() {
    assumeFalse(DISCOVERY.devices().isEmpty(),
        () -> "skipped: no OpenCL device (" + DISCOVERY.unavailableReason().orElse("?") + ")");
    return DISCOVERY.devices().get(0);
  }

  public static synchronized ClContext context() {
    DeviceInfo d = requireDevice();
    if (context == null || context.isClosed()) {
      context = ClContext.open(d);
    }
    return context;
  }

  /** Compiles and runs on the device; returns the outputs. */
  public static Map<String, Tensor> runOnDevice(Graph imported, Map<String, Tensor> inputs, boolean fuse) {
    return runOnDevice(imported, inputs, fuse, false);
  }

  /**
   * Compiles and runs on the device; with {@code tasks}, the fused plan's launches run as task kernels wherever
   * their programs qualify ({@link TaskSequences#everywhere}), whatever the cost rule would choose.
   */
  public static Map<String, Tensor> runOnDevice(Graph imported, Map<String, Tensor> inputs, boolean fuse,
      boolean tasks) {
    Map<String, int[]> shapes = new java.util.TreeMap<>();
    inputs.forEach((k, v) -> shapes.put(k, v.shape()));
    Compiler.Compiled c = new Compiler().compile(imported,
        Compiler.Options.defaults().withFuse(fuse).withInputShapes(shapes).withVerifyIr(true));
    Plan plan = tasks ? TaskSequences.everywhere(c.plan()) : c.plan();
    try (OpenClExecutable e = OpenClExecutable.load(context(), plan, KernelBinaryCache.atDefaultLocation())) {
      return e.run(inputs).outputs();
    }
  }

  /**
   * Runs the model on the device (fused, unfused, and fused with its launches as task kernels) and on the reference
   * interpreter; every
   * output must agree within |d - r| <= atol + rtol |r|.
   */
  public static void assertMatchesReference(byte[] model, Map<String, Tensor> inputs, double rtol, double atol) {
    requireDevice();
    Graph g = new OnnxImporter().load(model, "model.onnx");
    Map<String, Tensor> expected = new ReferenceInterpreter().run(g, inputs);
    for (String how : new String[] {"fused", "unfused", "fused, as tasks"}) {
      Map<String, Tensor> actual = runOnDevice(g, inputs, !how.equals("unfused"), how.endsWith("tasks"));
      expected.forEach((name, e) ->
          TensorAssert.assertClose(e, actual.get(name), rtol, atol, name + " (" + how + ")"));
    }
  }
}
