package cnnx.api;

import java.util.List;

/**
 * The performance model's prediction for a model on one device, per launch and in total, optionally beside
 * measured device times ({@link CompiledModel#predict}, {@link Model#predictVsMeasured}).
 *
 * @param device the device
 * @param method how the times are predicted
 * @param launches per launch its predicted device time (device = the device, no moves)
 * @param totalMs predicted time of a run: the launches' device times plus a dispatch gap per launch
 * @param dispatchMs the predicted gap per launch (host dispatch, waking the device), included in the total
 * @param measuredMs per launch measured device time (median of runs, event profiling), or empty
 * @param measuredRunMs measured wall time of a whole run (median), or 0 when not measured
 */
public record Prediction(String device, String method, List<PlacedLaunch> launches, double totalMs,
    double dispatchMs, List<Double> measuredMs, double measuredRunMs) {
  public Prediction {
    launches = List.copyOf(launches);
    measuredMs = List.copyOf(measuredMs);
  }

  public boolean measured() {
    return !measuredMs.isEmpty();
  }

  /** The launches' measured device times, summed (without dispatch gaps). */
  public double measuredDeviceMs() {
    return measuredMs.stream().mapToDouble(Double::doubleValue).sum();
  }

  /** Fraction of launches whose prediction is within {@code tolerance} (0.3 = ±30%) of the measurement. */
  public double fractionWithin(double tolerance) {
    if (!measured()) {
      return 0;
    }
    int ok = 0;
    for (int i = 0; i < launches.size(); i++) {
      double m = measuredMs.get(i);
      if (m > 0 && Math.abs(launches.get(i).predictedMs() / m - 1) <= tolerance) {
        ok++;
      }
    }
    return (double) ok / launches.size();
  }
}
