package cnnx.bench;

import java.util.Arrays;

/** Order statistics of run times (nearest-rank percentiles), in milliseconds. */
record LatencyStats(int runs, double medianMs, double p90Ms, double p99Ms, double minMs, double meanMs) {
  static LatencyStats of(long[] nanos) {
    if (nanos.length == 0) {
      return new LatencyStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    long[] s = nanos.clone();
    Arrays.sort(s);
    double mean = Arrays.stream(s).average().orElse(Double.NaN);
    return new LatencyStats(s.length, ms(percentile(s, 50)), ms(percentile(s, 90)), ms(percentile(s, 99)),
        ms(s[0]), mean / 1e6);
  }

  static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** The median of each column of per-run values. */
  static double medianMs(long[] nanos) {
    if (nanos.length == 0) {
      return 0;
    }
    long[] s = nanos.clone();
    Arrays.sort(s);
    return ms(percentile(s, 50));
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
