package cnnx.host.kernels.conv;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.Compiler;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.TensorAssert;
import cnnx.host.cl.ClBuffer;
import cnnx.host.cl.ClContext;
import cnnx.host.cl.ClKernel;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.exec.OpenClExecutable;
import cnnx.host.testing.OpenClHarness;
import cnnx.kernels.plan.KernelArg;
import cnnx.kernels.plan.Launch;
import cnnx.kernels.plan.Plan;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Prints the conv template's speed on ResNet layers and a MobileNet depthwise layer (batch 1,
 * pad k/2, bias): the median and best of timed whole-plan runs (input upload, weight pack, conv,
 * output read) and of each launch alone (GFLOP/s always counting the conv's multiply-adds).
 * Checks the numbers; asserts no speed (the machines are shared and noisy).
 */
class ConvThroughputTest {
  @ParameterizedTest
  @CsvSource({"64, 64, 56, 3, 1", "1024, 256, 14, 1, 1", "144, 144, 56, 3, 144"})
  void layer(int c, int m, int h, int k, int group) {
    OpenClHarness.requireDevice();
    SplittableRandom rnd = new SplittableRandom(18);
    OnnxModelBuilder b = Models.model();
    Tensor x = Models.input(b, rnd, "x", 1, c, h, h);
    Models.weight(b, rnd, "w", m, c / group, k, k);
    Models.weight(b, rnd, "b", m);
    long p = k / 2;
    b.node("Conv", names("x", "w", "b"), names("y"), attrInts("pads", p, p, p, p), attr("group", (long) group))
        .output("y");
    Graph g = new OnnxImporter().load(b.toBytes(), "conv-layer");
    Compiler.Compiled compiled = new Compiler().compile(g, Compiler.Options.defaults().withBatch(1));
    Plan plan = compiled.plan();
    Map<String, Tensor> in = Map.of("x", x);
    double flops = 2.0 * m * (c / group) * k * k * h * h;
    ClContext ctx = OpenClHarness.context();
    try (OpenClExecutable e = OpenClExecutable.load(ctx, plan, KernelBinaryCache.atDefaultLocation())) {
      Tensor y = e.run(in).outputs().get("y");
      TensorAssert.assertClose(new ReferenceInterpreter().run(g, in).get("y"), y, Models.RTOL, Models.ATOL, "y");
      report("whole plan", flops, () -> {
        long t0 = System.nanoTime();
        e.run(in);
        return System.nanoTime() - t0;
      });
    }
    // Each launch alone, on buffers of its own (random weights need no packing to be timed).
    for (Launch launch : plan.launches()) {
      ClKernel kernel = ctx.buildProgram(plan.programs().get(launch.program()).source(), "").kernel(launch.kernelName());
      for (int i = 0; i < launch.args().size(); i++) {
        switch (launch.args().get(i)) {
          case KernelArg.Buffer buf -> kernel.arg(i, filled(ctx, rnd, plan.buffers().get(buf.bufferId()).elements()));
          case KernelArg.Int v -> kernel.arg(i, v.value());
          case KernelArg.Long v -> kernel.arg(i, v.value());
          case KernelArg.Float v -> kernel.arg(i, v.value());
        }
      }
      report(launch.kernelName(), flops, () -> {
        long t0 = System.nanoTime();
        ctx.launch(kernel, launch.globalSize(), launch.localSize()).close();
        ctx.finish();
        return System.nanoTime() - t0;
      });
      System.out.printf("  %s%n", launch.note());
    }
  }

  /** A buffer of normal values (fresh device memory may hold denormals, which are slow). */
  private static ClBuffer filled(ClContext ctx, SplittableRandom rnd, long elements) {
    float[] v = new float[Math.toIntExact(elements)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    return ctx.upload(v);
  }

  private static void report(String what, double flops, LongSupplier run) {
    for (int i = 0; i < 5; i++) {
      run.getAsLong();
    }
    long[] ns = new long[30];
    for (int i = 0; i < ns.length; i++) {
      ns[i] = run.getAsLong();
    }
    Arrays.sort(ns);
    double median = ns[ns.length / 2] / 1e9;
    System.out.printf("%-16s %.0f MFLOP: median %.3f ms = %.1f GFLOP/s, best %.1f GFLOP/s (%s)%n", what, flops / 1e6,
        median * 1e3, flops / median / 1e9, flops / ns[0], OpenClHarness.requireDevice().summary());
  }
}
