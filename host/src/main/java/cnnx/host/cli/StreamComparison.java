package cnnx.host.cli;

import cnnx.api.CompileOptions;
import cnnx.api.CompiledModel;
import cnnx.api.Model;
import cnnx.api.Session;
import cnnx.api.Stream;
import cnnx.api.Tensor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code plan --stream N}: the same stream of inputs through the first device alone and through a pipeline over
 * all the devices; prints both rates, their ratio and whether the outputs are identical.
 */
final class StreamComparison {
  /** Streaming before timing, per device. */
  static final long WARM_UP_NANOS = 2_000_000_000L;

  private StreamComparison() {}

  static int run(PrintWriter out, Model model, List<String> devices, long batch, int count) {
    List<Map<String, Tensor>> inputs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      inputs.add(model.randomInputs((int) batch, 1000 + i));
    }
    String pipeline = "pipeline:" + String.join("+", devices);
    Stream.Outcome one = stream(model, devices.get(0), batch, inputs, 1);
    Stream.Outcome many = stream(model, pipeline, batch, inputs, devices.size()); // one input per stage
    double worst = 0;
    for (int i = 0; i < count; i++) {
      worst = Math.max(worst, Stream.maxDifference(one.results().get(i), many.results().get(i)));
    }
    out.printf("stream of %d inputs (batch %d):%n", count, batch);
    out.printf("  %-40s %8.2f results/s (%.1f ms each)%n", devices.get(0), one.perSecond(),
        one.seconds() * 1e3 / count);
    out.printf("  %-40s %8.2f results/s (%.1f ms each)%n", pipeline, many.perSecond(),
        many.seconds() * 1e3 / count);
    out.printf("  speed-up %.2fx; outputs %s%n", many.perSecond() / one.perSecond(),
        worst == 0 ? "identical" : String.format("differ by up to %.3g", worst));
    out.println("  " + many.results().get(0).provenanceSummary());
    return worst == 0 ? Main.OK : 1;
  }

  private static Stream.Outcome stream(Model model, String device, long batch, List<Map<String, Tensor>> inputs,
      int inFlight) {
    CompiledModel c = model.compile(CompileOptions.forDevice(device).withBatch(batch));
    try (Session s = c.newSession()) {
      // builds every kernel, then streams for a while before timing: the JIT compiles the host's run path
      // on the same cores the devices use, and a short model's stream would otherwise time that too
      long warmUntil = System.nanoTime() + WARM_UP_NANOS;
      do {
        Stream.run(s, inputs.subList(0, Math.min(inputs.size(), 4 * inFlight)), inFlight);
      } while (System.nanoTime() < warmUntil);
      return Stream.run(s, inputs, inFlight);
    }
  }
}
