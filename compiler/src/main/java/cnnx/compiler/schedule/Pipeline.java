package cnnx.compiler.schedule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Cuts a plan's launches into contiguous pipeline stages, stage {@code s} on device {@code s} in the order
 * given, so that the slowest stage (its launches plus moving its inputs in and its results out, through the
 * host) is as fast as possible: over a stream of batches a result leaves every period of the slowest stage.
 * Exact, by dynamic programming over cut points. A stage whose device cannot run one of its launches is never
 * chosen.
 */
public final class Pipeline {
  private Pipeline() {}

  public static Schedule throughput(List<LaunchWork> launches, List<? extends DeviceModel> devices,
      Set<String> graphOutputs) {
    int n = launches.size();
    int k = Math.min(devices.size(), Math.max(1, n));
    double[][] exec = new double[k][n];
    for (int s = 0; s < k; s++) {
      for (int i = 0; i < n; i++) {
        OptionalDouble t = devices.get(s).seconds(launches.get(i));
        exec[s][i] = t.isPresent() ? t.getAsDouble() : Double.POSITIVE_INFINITY;
      }
    }
    // best[s][j]: the least period with launches [0, j) on stages 0..s, stage s ending at j.
    double[][] best = new double[k][n + 1];
    int[][] cut = new int[k][n + 1];
    for (double[] row : best) {
      java.util.Arrays.fill(row, Double.POSITIVE_INFINITY);
    }
    for (int j = 1; j <= n; j++) {
      best[0][j] = stageSeconds(launches, exec[0], 0, j, devices.get(0), graphOutputs);
    }
    for (int s = 1; s < k; s++) {
      for (int j = s + 1; j <= n; j++) {
        for (int i = s; i < j; i++) {
          double p = Math.max(best[s - 1][i], stageSeconds(launches, exec[s], i, j, devices.get(s), graphOutputs));
          if (p < best[s][j]) {
            best[s][j] = p;
            cut[s][j] = i;
          }
        }
      }
    }
    int stages = 0;
    double period = Double.POSITIVE_INFINITY;
    for (int s = 0; s < k; s++) {
      if (best[s][n] < period * (1 - 1e-6)) { // more stages only when they help
        period = best[s][n];
        stages = s + 1;
      }
    }
    if (Double.isInfinite(period)) {
      LaunchWork w = launches.stream().filter(l -> devices.stream().allMatch(d -> d.seconds(l).isEmpty()))
          .findFirst().orElse(launches.get(0));
      throw Placement.unsupported(w, devices);
    }
    int[] starts = new int[stages + 1];
    starts[stages] = n;
    for (int s = stages - 1; s > 0; s--) {
      starts[s] = cut[s][starts[s + 1]];
    }
    return build(launches, devices, exec, starts, period, graphOutputs);
  }

  /** A stage's time: moving in what it reads from outside, its launches, moving out what leaves it. */
  static double stageSeconds(List<LaunchWork> launches, double[] exec, int from, int to, DeviceModel d,
      Set<String> graphOutputs) {
    double t = 0;
    for (int i = from; i < to; i++) {
      t += exec[i];
    }
    return t + d.transferSeconds(bytesIn(launches, from, to)) + d.transferSeconds(bytesOut(launches, from, to,
        graphOutputs));
  }

  /** Bytes of values the stage reads that it does not make. */
  static long bytesIn(List<LaunchWork> launches, int from, int to) {
    Set<String> made = new HashSet<>();
    Map<String, Long> needed = new HashMap<>();
    for (int i = from; i < to; i++) {
      for (LaunchWork.Value v : launches.get(i).consumes()) {
        if (!made.contains(v.name())) {
          needed.putIfAbsent(v.name(), v.bytes());
        }
      }
      launches.get(i).produces().forEach(v -> made.add(v.name()));
    }
    return needed.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Bytes of values the stage makes that a later stage or the caller reads. */
  static long bytesOut(List<LaunchWork> launches, int from, int to, Set<String> graphOutputs) {
    Set<String> later = new HashSet<>(graphOutputs);
    for (int i = to; i < launches.size(); i++) {
      launches.get(i).consumes().forEach(v -> later.add(v.name()));
    }
    long out = 0;
    for (int i = from; i < to; i++) {
      for (LaunchWork.Value v : launches.get(i).produces()) {
        if (later.contains(v.name())) {
          out += v.bytes();
        }
      }
    }
    return out;
  }

  private static Schedule build(List<LaunchWork> launches, List<? extends DeviceModel> devices, double[][] exec,
      int[] starts, double period, Set<String> graphOutputs) {
    List<Schedule.Step> steps = new ArrayList<>();
    double clock = 0;
    double outMoves = 0;
    for (int s = 0; s + 1 < starts.length; s++) {
      DeviceModel d = devices.get(s);
      long in = bytesIn(launches, starts[s], starts[s + 1]);
      double inSeconds = d.transferSeconds(in);
      for (int i = starts[s]; i < starts[s + 1]; i++) {
        boolean first = i == starts[s];
        double move = first ? inSeconds : 0;
        steps.add(new Schedule.Step(launches.get(i), d.id(), s, first ? in : 0, move, clock + move, exec[s][i],
            false));
        clock += move + exec[s][i];
      }
      double out = d.transferSeconds(bytesOut(launches, starts[s], starts[s + 1], graphOutputs));
      clock += out;
      outMoves += out;
    }
    return new Schedule(Schedule.Objective.THROUGHPUT, steps, outMoves, clock, period,
        Placement.methods(devices, java.util.Optional.empty()));
  }
}
