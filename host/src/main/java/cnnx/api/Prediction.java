package cnnx.api;

import java.util.List;

/**
 * The performance model's prediction for a model on one device, per launch and in total, optionally beside
 * measured device times ({@link CompiledModel#predict}, {@link Model#predictVsMeasured}).
 *
 * @param device the device
 * @param method how the times are predicted
 * @param launches per launch (device = the device, no moves)
 * @param totalMs predicted sum of launch times
 * @param measuredMs per launch measured device time (median of runs), or empty when not measured
 */
public record Prediction(String device, String method, List<PlacedLaunch> launches, double totalMs,
    List<Double> measuredMs) {
  public Prediction {
    launches = List.copyOf(launches);
    measuredMs = List.copyOf(measuredMs);
  }

  public boolean measured() {
    return !measuredMs.isEmpty();
  }

  public double measuredTotalMs() {
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
