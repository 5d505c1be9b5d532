package cnnx.bench;

import java.util.List;

/**
 * The figures of one device at one batch size (one entry of the JSON report's {@code results}).
 * Times in milliseconds; split times and slowest launches are medians over the timed runs.
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
    List<SlowLaunch> slowest_launches) {

  /** One launch of the plan: its position, ONNX nodes and median device time. */
  record SlowLaunch(int index, List<String> onnx_nodes, double median_ms, double share) {}

  static DeviceResult unverified(String device, String description, int batch, String why) {
    return new DeviceResult(device, description, batch, false, why, 0, Double.NaN, Double.NaN, Double.NaN,
        Double.NaN, Double.NaN, Double.NaN, 0, 0, 0, 0, List.of());
  }
}
