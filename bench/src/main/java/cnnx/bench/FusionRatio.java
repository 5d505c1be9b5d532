package cnnx.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What fusion buys on one OpenCL device at one batch (one entry of the JSON report's {@code fusion}): the fused
 * plan's throughput over the unfused plan's, both timed in the same interleaved rounds, beside each plan's
 * estimated memory traffic per run in decimal megabytes.
 */
record FusionRatio(String device, int batch, double ratio, double fused_mb, double unfused_mb) {
  /** One entry for each verified pair {@code X}, {@code X/unfused} at the same batch. */
  static List<FusionRatio> of(List<DeviceResult> results) {
    List<FusionRatio> ratios = new ArrayList<>();
    for (DeviceResult fused : results) {
      for (DeviceResult unfused : results) {
        if (unfused.device().equals(fused.device() + Contenders.UNFUSED) && unfused.batch() == fused.batch()
            && fused.verified() && unfused.verified()) {
          ratios.add(new FusionRatio(fused.device(), fused.batch(),
              fused.images_per_second() / unfused.images_per_second(), megabytes(fused), megabytes(unfused)));
        }
      }
    }
    return ratios;
  }

  private static double megabytes(DeviceResult r) {
    return r.dram_mb_per_run() == null ? Double.NaN : r.dram_mb_per_run();
  }
}
