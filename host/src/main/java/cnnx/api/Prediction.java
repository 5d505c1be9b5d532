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
 * @param loadTimeLaunches how many launches, first in the plan, run once at load (their inputs are all
 *     constants): no part of a run, so neither of its predicted total nor of the launches compared
 * @param refitted when measured: the kernel families re-fitted from these measurements and kept for later
 *     predictions on the device, and where; else empty
 */
public record Prediction(String device, String method, List<PlacedLaunch> launches, double totalMs,
    double dispatchMs, List<Double> measuredMs, double measuredRunMs, int loadTimeLaunches, String refitted) {
  public Prediction {
    launches = List.copyOf(launches);
    measuredMs = List.copyOf(measuredMs);
  }

  /** A prediction not re-fitted (nothing measured, or a device that keeps no figures). */
  public Prediction(String device, String method, List<PlacedLaunch> launches, double totalMs, double dispatchMs,
      List<Double> measuredMs, double measuredRunMs, int loadTimeLaunches) {
    this(device, method, launches, totalMs, dispatchMs, measuredMs, measuredRunMs, loadTimeLaunches, "");
  }

  public boolean measured() {
    return !measuredMs.isEmpty();
  }

  /** The launches' measured device times, summed (without dispatch gaps). */
  public double measuredDeviceMs() {
    return measuredMs.stream().mapToDouble(Double::doubleValue).sum();
  }

  /** Whether launch {@code i} runs at load time rather than in each run. */
  public boolean atLoad(int i) {
    return i < loadTimeLaunches;
  }

  /** The launches each run enqueues. */
  public int perRunLaunches() {
    return launches.size() - loadTimeLaunches;
  }

  /** The predicted device time of a run: its launches without the dispatch gaps. */
  public double predictedDeviceMs() {
    return totalMs - dispatchMs * perRunLaunches();
  }

  /** Fraction of a run's launches whose prediction is within {@code tolerance} (0.3 = ±30%) of the measurement. */
  public double fractionWithin(double tolerance) {
    if (!measured() || perRunLaunches() == 0) {
      return 0;
    }
    int ok = 0;
    for (int i = loadTimeLaunches; i < launches.size(); i++) {
      double m = measuredMs.get(i);
      if (m > 0 && Math.abs(launches.get(i).predictedMs() / m - 1) <= tolerance) {
        ok++;
      }
    }
    return (double) ok / perRunLaunches();
  }
}
