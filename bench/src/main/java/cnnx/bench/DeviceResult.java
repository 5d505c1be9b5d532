package cnnx.bench;

import java.util.List;

/**
 * The figures of one device at one batch size (one entry of the JSON report's {@code results}).
 * Times in milliseconds; split times and slowest launches are medians over the timed runs. {@code dram_mb_per_run}:
 * the plan's estimated memory traffic per run (of the whole batch) in decimal megabytes
 * ({@link cnnx.kernels.plan.PlanTraffic}), for devices that run a plan of cnnx's; null for the others.
 */
record DeviceResult(
    String device,
    String description,
    int batch,
    boolean verified,
    String verification,
    int runs,
    double median_ms,
    double p90_ms,
    double p99_ms,
    double min_ms,
    double images_per_second,
    double gflops,
    double host_to_device_ms,
    double kernels_ms,
    double device_to_host_ms,
    int launches,
    Double dram_mb_per_run,
    List<SlowLaunch> slowest_launches,
    Stream stream,
    Predicted predicted) {

  /** Throughput over a stream of {@code runs} runs with {@code in_flight} at a time ({@code --stream}): the median
   * of {@code streams} such streams, taken in turns with the other devices. */
  record Stream(int runs, int in_flight, int streams, double images_per_second) {}

  /**
   * The performance model beside the measurement ({@code --predict}): device time of a run predicted and
   * measured (event profiling), per launch too, and the share of launches within ±30%.
   */
  record Predicted(String method, double predicted_device_ms, double measured_device_ms, double predicted_run_ms,
      double measured_run_ms, double launches_within_30_percent, List<Launch> launches) {
    /** One launch; {@code at_load}: it runs once when the plan is loaded, not in each run (no times). */
    record Launch(int index, String kernel, double predicted_ms, double measured_ms, boolean at_load) {}
  }

  DeviceResult withStream(Stream s) {
    return new DeviceResult(device, description, batch, verified, verification, runs, median_ms, p90_ms, p99_ms,
        min_ms, images_per_second, gflops, host_to_device_ms, kernels_ms, device_to_host_ms, launches,
        dram_mb_per_run, slowest_launches, s, predicted);
  }

  DeviceResult withPredicted(Predicted p) {
    return new DeviceResult(device, description, batch, verified, verification, runs, median_ms, p90_ms, p99_ms,
        min_ms, images_per_second, gflops, host_to_device_ms, kernels_ms, device_to_host_ms, launches,
        dram_mb_per_run, slowest_launches, stream, p);
  }

  /** One launch of the plan: its position, ONNX nodes and median device time. */
  record SlowLaunch(int index, List<String> onnx_nodes, double median_ms, double share) {}

  static DeviceResult unverified(String device, String description, int batch, String why) {
    return new DeviceResult(device, description, batch, false, why, 0, Double.NaN, Double.NaN, Double.NaN,
        Double.NaN, Double.NaN, Double.NaN, 0, 0, 0, 0, null, List.of(), null, null);
  }
}
