package cnnx.host.exec;

import static org.junit.jupiter.api.Assertions.assertFalse;

import cnnx.compiler.Compiler;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.RandomTensors;
import cnnx.compiler.testing.TensorAssert;
import cnnx.host.cl.ClContext;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.testing.OpenClHarness;
import cnnx.host.testing.TestModels;
import cnnx.kernels.plan.Plan;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A plan's inputs and outputs in shared memory (where the device shares host memory) and in device buffers
 * ({@code -Dcnnx.svm=off}) give the reference's outputs, run after run with new inputs, plain and profiled.
 */
class SharedIoTest {
  @Test
  void sharedAndDeviceBuffersBothMatchTheReference() {
    var device = OpenClHarness.requireDevice();
    Graph g = new OnnxImporter().load(TestModels.twoBlocks(), "two-blocks.onnx");
    Plan plan = new Compiler().compile(g, Compiler.Options.defaults()).plan();
    for (String svm : new String[] {"on", "off"}) {
      String old = System.getProperty("cnnx.svm");
      System.setProperty("cnnx.svm", svm);
      try (ClContext context = ClContext.open(device);
          OpenClExecutable e = OpenClExecutable.load(context, plan, KernelBinaryCache.atDefaultLocation())) {
        if (svm.equals("off")) {
          assertFalse(context.sharesHostMemory());
        }
        SplittableRandom rnd = new SplittableRandom(9);
        for (int run = 0; run < 3; run++) {
          Map<String, Tensor> in = Map.of("x", RandomTensors.normal(rnd, 1, 3, 12, 12));
          Map<String, Tensor> expected = new ReferenceInterpreter().run(g, in);
          Map<String, Tensor> got = run == 2 ? e.runProfiled(in).outputs() : e.run(in).outputs();
          TensorAssert.assertClose(expected.get("y"), got.get("y"), 1e-4, 1e-5, "svm " + svm + ", run " + run);
        }
      } finally {
        if (old == null) {
          System.clearProperty("cnnx.svm");
        } else {
          System.setProperty("cnnx.svm", old);
        }
      }
    }
  }
}
