package cnnx.host.schedule;

import cnnx.compiler.ir.Tensor;
import cnnx.host.device.Executable;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/** Each launch's median device time over several runs (after one warm-up run that builds and caches). */
public final class LaunchProfiler {
  private LaunchProfiler() {}

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
