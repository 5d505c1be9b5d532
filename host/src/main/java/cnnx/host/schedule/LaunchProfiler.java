package cnnx.host.schedule;

import cnnx.compiler.ir.Tensor;
import cnnx.host.device.Executable;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/** Each launch's median device time over several runs (after one warm-up run that builds and caches). */
public final class LaunchProfiler {
  private LaunchProfiler() {}

  /** Median wall time of whole runs as callers see them (inputs written, launches, outputs read). */
  public static double medianRunSeconds(Executable exec, Map<String, Tensor> inputs, int runs) {
    return sortedRunSeconds(exec, inputs, runs)[runs / 2];
  }

  /**
   * The shortest wall time of {@code runs} whole runs: the gap between launches is the driver's, and a run
   * slowed by anything else on the machine would charge that to every later prediction.
   */
  public static double bestRunSeconds(Executable exec, Map<String, Tensor> inputs, int runs) {
    return sortedRunSeconds(exec, inputs, runs)[0];
  }

  /** Wall times of {@code runs} whole runs after one warm-up run, shortest first. */
  private static double[] sortedRunSeconds(Executable exec, Map<String, Tensor> inputs, int runs) {
    exec.run(inputs);
    double[] t = new double[runs];
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      exec.run(inputs);
      t[r] = (System.nanoTime() - t0) / 1e9;
    }
    Arrays.sort(t);
    return t;
  }

  /** The gap per launch: a run's wall time less its launches' device times, spread over its launches. */
  public static double dispatchSeconds(double runSeconds, double[] launchSeconds) {
    double busy = Arrays.stream(launchSeconds).sum();
    return Math.max(0, (runSeconds - busy) / Math.max(1, launchSeconds.length));
  }

  public static Optional<double[]> medianSeconds(Executable exec, Map<String, Tensor> inputs, int runs) {
    Optional<long[]> warm = exec.profile(inputs);
    if (warm.isEmpty()) {
      return Optional.empty();
    }
    int n = warm.get().length;
    long[][] samples = new long[n][runs];
    for (int r = 0; r < runs; r++) {
      long[] t = exec.profile(inputs).orElseThrow();
      for (int i = 0; i < n; i++) {
        samples[i][r] = t[i];
      }
    }
    double[] median = new double[n];
    for (int i = 0; i < n; i++) {
      Arrays.sort(samples[i]);
      median[i] = samples[i][runs / 2] / 1e9;
    }
    return Optional.of(median);
  }
}
