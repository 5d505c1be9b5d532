package cnnx.bench;

import java.io.PrintWriter;
import java.util.List;

/** The report as text: one row per device and batch, then each OpenCL device's slowest launches. */
final class ResultTable {
  private ResultTable() {}

  static void print(BenchReport r, PrintWriter out) {
    out.printf("%s: %.3f GMAC per image, %d threads, %s%n", r.model(), r.macs_per_image() / 1e9, r.threads(),
        r.machine_load_before());
    out.printf("%-20s %5s %9s %9s %9s %9s %10s %8s %8s %9s %8s %s%n", "device", "batch", "median", "p90", "p99",
        "min", "images/s", "GFLOP/s", "h->d", "kernels", "d->h", "verified");
    for (DeviceResult d : r.results()) {
      if (!d.verified()) {
        out.printf("%-20s %5d  not timed: %s%n", d.device(), d.batch(), d.verification());
        continue;
      }
      out.printf("%-20s %5d %9.2f %9.2f %9.2f %9.2f %10.1f %8.1f %8.2f %9.2f %8.2f %s%n", d.device(), d.batch(),
          d.median_ms(), d.p90_ms(), d.p99_ms(), d.min_ms(), d.images_per_second(), d.gflops(),
          d.host_to_device_ms(), d.kernels_ms(), d.device_to_host_ms(), "yes");
    }
    out.println("(times in ms, medians of interleaved rounds" + (r.turn() > 1 ? ", " + (r.turn() - 1)
        + " timed runs per device and round after an untimed one" : "") + "; h->d, kernels, d->h only where the"
        + " device reports them, from one more run per round with its launches profiled, not timed)");
    printTraffic(r.results(), out);
    printRatios(r.results(), out);
    for (FusionRatio f : r.fusion()) {
      out.printf("%s fused / unfused throughput at batch %d: %.2f (estimated DRAM MB per run: %.2f vs %.2f)%n",
          f.device(), f.batch(), f.ratio(), f.fused_mb(), f.unfused_mb());
    }
    printStreams(r.results(), out);
    for (DeviceResult d : r.results()) {
      if (d.verified() && !d.slowest_launches().isEmpty()) {
        out.printf("%s batch %d: slowest of %d launches (median device ms, share of kernel time)%n",
            d.device(), d.batch(), d.launches());
        for (DeviceResult.SlowLaunch s : d.slowest_launches()) {
          out.printf("  #%-3d %8.3f %5.1f%%  %s%n", s.index(), s.median_ms(), 100 * s.share(),
              String.join(", ", s.onnx_nodes()));
        }
      }
    }
    for (DeviceResult d : r.results()) {
      if (d.predicted() != null) {
        printPredicted(d, out);
      }
    }
    out.printf("machine after: %s%n", r.machine_load_after());
  }

  /** Each plan's estimated memory traffic per run, where the device runs a plan of cnnx's. */
  private static void printTraffic(List<DeviceResult> results, PrintWriter out) {
    List<String> each = results.stream().filter(d -> d.dram_mb_per_run() != null)
        .map(d -> String.format("%s b%d %.2f", d.device(), d.batch(), d.dram_mb_per_run())).toList();
    if (!each.isEmpty()) {
      out.printf("estimated DRAM MB per run (each launch reads its buffers and writes its outputs once, no caches): %s%n",
          String.join(", ", each));
    }
  }

  /** Stream throughput per device and batch, and each device's over the first device's at that batch. */
  private static void printStreams(List<DeviceResult> results, PrintWriter out) {
    DeviceResult first = null;
    for (DeviceResult d : results) {
      if (d.stream() == null) {
        continue;
      }
      if (first == null || first.batch() != d.batch()) {
        first = d;
        out.printf("stream of %d runs, %d in flight, batch %d (each device's median of %d streams, taken in turns):%n",
            d.stream().runs(), d.stream().in_flight(), d.batch(), StreamThroughput.SEGMENTS);
      }
      out.printf("  %-36s %10.1f images/s  %5.2fx %s%n", d.device(), d.stream().images_per_second(),
          d.stream().images_per_second() / first.stream().images_per_second(), first.device());
    }
  }

  /** The performance model's prediction per launch beside the measured device time, then the totals. */
  private static void printPredicted(DeviceResult d, PrintWriter out) {
    DeviceResult.Predicted p = d.predicted();
    out.printf("%s batch %d, predicted vs measured (%s):%n", d.device(), d.batch(), p.method());
    out.printf("  %4s  %-28s %12s %12s %9s%n", "#", "kernel", "predicted ms", "measured ms", "residual");
    for (DeviceResult.Predicted.Launch l : p.launches()) {
      if (l.at_load()) {
        out.printf("  %4d  %-28s %12s %12s %9s%n", l.index(), l.kernel(), "-", "-", "at load");
        continue;
      }
      out.printf("  %4d  %-28s %12.3f %12.3f %+8.0f%%%n", l.index(), l.kernel(), l.predicted_ms(), l.measured_ms(),
          residual(l.predicted_ms(), l.measured_ms()));
    }
    out.printf("  device time %35.3f %12.3f %+8.0f%%%n", p.predicted_device_ms(), p.measured_device_ms(),
        residual(p.predicted_device_ms(), p.measured_device_ms()));
    out.printf("  run (wall time, dispatch included) %12.3f %12.3f %+8.0f%%%n", p.predicted_run_ms(),
        p.measured_run_ms(), residual(p.predicted_run_ms(), p.measured_run_ms()));
    long perRun = p.launches().stream().filter(l -> !l.at_load()).count();
    out.printf("  launches within ±30%%: %.0f%% of %d%s%n", 100 * p.launches_within_30_percent(), perRun,
        perRun == p.launches().size() ? "" : " (" + (p.launches().size() - perRun) + " more run once at load)");
  }

  private static double residual(double predicted, double measured) {
    return measured > 0 ? (predicted / measured - 1) * 100 : Double.NaN;
  }

  /** Each device's throughput over ONNX Runtime's at the same batch, when both were timed. */
  private static void printRatios(List<DeviceResult> results, PrintWriter out) {
    for (DeviceResult ort : results) {
      if (!ort.device().equals("onnxruntime") || !ort.verified()) {
        continue;
      }
      for (DeviceResult d : results) {
        if (d != ort && d.batch() == ort.batch() && d.verified()) {
          out.printf("%s / onnxruntime throughput at batch %d: %.2f%n", d.device(), d.batch(),
              d.images_per_second() / ort.images_per_second());
        }
      }
    }
  }
}
