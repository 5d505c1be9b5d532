package cnnx.bench;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.verify.TensorComparison;
import cnnx.compiler.verify.Tolerance;
import cnnx.kernels.plan.PlanTraffic;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Times contenders the same way on the same inputs: each is prepared and its first outputs checked
 * against the reference's; the verified ones are warmed up by time, round-robin, then timed in
 * interleaved rounds whose order rotates, so drifts of a shared machine hit every device alike. In a
 * round each device takes a turn of consecutive runs whose first is not timed: it pays for the previous
 * device's use of the caches and cores, which a device running alone never meets (with one timed run per
 * turn, MobileNet-V2 measured 7.9-10.4 ms on PoCL and 3.9-5.2 ms on ONNX Runtime; in turns of five,
 * 6.3-8.0 and 3.7-4.6 ms).
 */
final class BenchRunner {
  /** How long and how often to time. */
  record Budget(double warmupSeconds, int rounds, double maxSeconds, int slowest, int streamRuns, int inFlight,
      int turn) {
    Budget(double warmupSeconds, int rounds, double maxSeconds, int slowest) {
      this(warmupSeconds, rounds, maxSeconds, slowest, 0, 1, 1);
    }

    /** Timed runs per device and round: the turn's runs after its untimed first, or the one run of a turn of 1. */
    int timedPerTurn() {
      return Math.max(1, turn - 1);
    }
  }

  private final Budget budget;
  private final Tolerance tolerance;
  private final Consumer<String> progressStep;

  BenchRunner(Budget budget, Tolerance tolerance, Consumer<String> progressStep) {
    this.budget = budget;
    this.tolerance = tolerance;
    this.progressStep = progressStep;
  }

  List<DeviceResult> run(List<Contender> contenders, BenchInputs in, Map<String, Tensor> expected) {
    List<Contender> timed = new ArrayList<>();
    Map<Contender, DeviceResult> failed = new LinkedHashMap<>();
    for (Contender c : contenders) {
      String why = verify(c, in, expected);
      if (why == null) {
        timed.add(c);
      } else {
        failed.put(c, DeviceResult.unverified(c.id(), c.description(), in.batch(), why));
      }
    }
    warmUp(timed, in.feeds());
    Map<Contender, List<Contender.Timed>> runs = new LinkedHashMap<>();
    Map<Contender, List<Contender.Timed>> profiles = new LinkedHashMap<>();
    timed.forEach(c -> runs.put(c, new ArrayList<>()));
    timed.forEach(c -> profiles.put(c, new ArrayList<>()));
    long deadline = System.nanoTime() + (long) (budget.maxSeconds() * 1e9);
    for (int round = 0; round < budget.rounds(); round++) {
      for (int k = 0; k < timed.size(); k++) {
        Contender c = timed.get((round + k) % timed.size());
        if (budget.turn() > 1) {
          c.run(in.feeds());
        }
        for (int j = 0; j < budget.timedPerTurn(); j++) {
          runs.get(c).add(c.run(in.feeds()));
        }
        Contender.Timed profiled = c.profile(in.feeds());
        if (profiled != null) {
          profiles.get(c).add(profiled);
        }
        progressStep.accept(c.id() + " b" + in.batch());
      }
      if (round >= 4 && System.nanoTime() > deadline) {
        break;
      }
    }
    Map<Contender, Double> streamed = budget.streamRuns() > 0 && !timed.isEmpty()
        ? StreamThroughput.runsPerSecond(timed, in.feeds(), budget.streamRuns(), budget.inFlight(),
            step -> progressStep.accept(step + " b" + in.batch()))
        : Map.of();
    List<DeviceResult> results = new ArrayList<>();
    for (Contender c : contenders) {
      if (failed.containsKey(c)) {
        results.add(failed.get(c));
        continue;
      }
      DeviceResult r = summarise(c, in, runs.get(c), profiles.get(c));
      if (streamed.containsKey(c)) {
        r = r.withStream(new DeviceResult.Stream(budget.streamRuns(), budget.inFlight(), StreamThroughput.SEGMENTS,
            streamed.get(c) * in.batch()));
      }
      results.add(r);
    }
    return results;
  }

  /** Null when every output matches the reference within the tolerance; else what differs. */
  private String verify(Contender c, BenchInputs in, Map<String, Tensor> expected) {
    Map<String, Tensor> out;
    Contender.Timed profiled;
    try {
      c.prepare(in.feeds());
      out = c.run(in.feeds()).outputs();
      profiled = c.profile(in.feeds());
    } catch (RuntimeException e) {
      return "failed: " + e.getMessage();
    }
    String why = differences(out, expected, "");
    return why != null || profiled == null ? why : differences(profiled.outputs(), expected, " (profiled run)");
  }

  /** Null when every output matches the reference within the tolerance; else what differs. */
  private String differences(Map<String, Tensor> out, Map<String, Tensor> expected, String which) {
    for (Map.Entry<String, Tensor> e : expected.entrySet()) {
      TensorComparison cmp = TensorComparison.compare(e.getValue(), out.get(e.getKey()), tolerance);
      if (!cmp.passed()) {
        return String.format("output '%s'%s differs from the reference: max abs error %.3g, relative L2 %.3g%s",
            e.getKey(), which, cmp.maxAbsError(), cmp.relativeL2(),
            cmp.problem() == null ? "" : " (" + cmp.problem() + ")");
      }
    }
    return null;
  }

  private void warmUp(List<Contender> timed, Map<String, Tensor> feeds) {
    if (timed.isEmpty()) {
      return;
    }
    long[] spent = new long[timed.size()];
    long goal = (long) (budget.warmupSeconds() * 1e9);
    boolean more = true;
    while (more) {
      more = false;
      for (int i = 0; i < timed.size(); i++) {
        if (spent[i] < goal) {
          long t0 = System.nanoTime();
          timed.get(i).run(feeds);
          spent[i] += System.nanoTime() - t0;
          more |= spent[i] < goal;
        }
      }
    }
  }

  /**
   * Latency from the timed runs; the split (transfers, kernels, each launch) from the profiled runs, one per turn,
   * where the device has them.
   */
  private DeviceResult summarise(Contender c, BenchInputs in, List<Contender.Timed> timedRuns,
      List<Contender.Timed> profiled) {
    long[] total = timedRuns.stream().mapToLong(Contender.Timed::totalNanos).toArray();
    LatencyStats s = LatencyStats.of(total);
    double seconds = s.medianMs() / 1e3;
    List<Contender.Timed> runs = profiled.isEmpty() ? timedRuns : profiled;
    int launches = runs.get(0).launchNanos().length;
    List<DeviceResult.SlowLaunch> slow = new ArrayList<>();
    List<List<String>> nodes = c.launchNodes();
    double kernels = LatencyStats.medianMs(runs.stream().mapToLong(Contender.Timed::kernelNanos).toArray());
    double[] perLaunch = new double[launches];
    double sumOfMedians = 0;
    for (int i = 0; i < launches; i++) {
      int index = i;
      perLaunch[i] = LatencyStats.medianMs(runs.stream().mapToLong(r -> r.launchNanos()[index]).toArray());
      sumOfMedians += perLaunch[i];
    }
    // shares of the sum of per-launch medians, so that they add up to 100% on a noisy machine too
    for (int i = 0; i < launches; i++) {
      slow.add(new DeviceResult.SlowLaunch(i, i < nodes.size() ? nodes.get(i) : List.of(), perLaunch[i],
          sumOfMedians > 0 ? perLaunch[i] / sumOfMedians : 0));
    }
    slow.sort(Comparator.comparingDouble(DeviceResult.SlowLaunch::median_ms).reversed());
    return new DeviceResult(c.id(), c.description(), in.batch(), true,
        String.format("outputs within rtol %.0e, atol %.0e of the reference", tolerance.rtol(), tolerance.atol()),
        s.runs(), s.medianMs(), s.p90Ms(), s.p99Ms(), s.minMs(),
        in.batch() / seconds, 2.0 * in.macs() / seconds / 1e9,
        LatencyStats.medianMs(runs.stream().mapToLong(Contender.Timed::writeNanos).toArray()),
        kernels,
        LatencyStats.medianMs(runs.stream().mapToLong(Contender.Timed::readNanos).toArray()),
        launches, c.traffic().map(PlanTraffic::megabytes).orElse(null),
        List.copyOf(slow.subList(0, Math.min(budget.slowest(), slow.size()))), null, null);
  }
}
