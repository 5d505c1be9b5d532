package cnnx.host.kernels.conv;

import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.Compiler;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.TensorAssert;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.exec.OpenClExecutable;
import cnnx.host.testing.OpenClHarness;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Prints the conv template's speed on a ResNet-18 stage-1 layer (3x3, 64 -> 64 channels, 56x56,
 * pad 1, bias, batch 1): median of timed whole-plan runs (input upload, weight pack, conv, output
 * read) after warm-up. Checks the numbers too; asserts no speed (shared, noisy machines).
 */
class ConvThroughputTest {
  @Test
  void resnet18Stage1Conv() {
    OpenClHarness.requireDevice();
    SplittableRandom rnd = new SplittableRandom(18);
    OnnxModelBuilder b = Models.model();
    Tensor x = Models.input(b, rnd, "x", 1, 64, 56, 56);
    Models.weight(b, rnd, "w", 64, 64, 3, 3);
    Models.weight(b, rnd, "b", 64);
    b.node("Conv", names("x", "w", "b"), names("y"), attrInts("pads", 1, 1, 1, 1)).output("y");
    Graph g = new OnnxImporter().load(b.toBytes(), "resnet18-conv");
    Compiler.Compiled c = new Compiler().compile(g, Compiler.Options.defaults().withBatch(1));
    Map<String, Tensor> in = Map.of("x", x);
    try (OpenClExecutable e = OpenClExecutable.load(OpenClHarness.context(), c.graph(), c.plan(),
        KernelBinaryCache.atDefaultLocation())) {
      Tensor y = e.run(in).get("y");
      TensorAssert.assertClose(new ReferenceInterpreter().run(g, in).get("y"), y, Models.RTOL, Models.ATOL, "y");
      for (int i = 0; i < 5; i++) {
        e.run(in);
      }
      long[] ns = new long[20];
      for (int i = 0; i < ns.length; i++) {
        long t0 = System.nanoTime();
        e.run(in);
        ns[i] = System.nanoTime() - t0;
      }
      Arrays.sort(ns);
      double flops = 2.0 * 64 * 64 * 9 * 56 * 56;
      double median = ns[ns.length / 2] / 1e9;
      System.out.printf("conv 3x3 64->64 56x56: median %.3f ms, %.1f GFLOP/s (best %.1f) on %s%n", median * 1e3,
          flops / median / 1e9, flops / (ns[0] / 1e9) / 1e9, OpenClHarness.requireDevice().summary());
      c.plan().launches().forEach(l -> System.out.println("  " + l.kernelName() + ": " + l.note()));
    }
  }
}
