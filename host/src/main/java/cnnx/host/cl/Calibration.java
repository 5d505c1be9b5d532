package cnnx.host.cl;

/**
 * What a device really delivers, measured in about a second: peak fp32 arithmetic (independent FMA
 * chains) and memory bandwidth (a copy through buffers larger than the caches), each the best of a few
 * runs timed with OpenCL event profiling. Cost models scale by these rather than by data-sheet figures.
 */
public final class Calibration {
  // Several short runs rather than one long one: on a shared machine the best run is the one that
  // found the cores free.
  private static final int PEAK_RUNS = 5;
  private static final int COPY_RUNS = 5;
  // Long enough to dwarf launch overhead, short enough to keep the whole calibration near a second.
  private static final long PEAK_RUN_NANOS = 20_000_000L;
  private static final long MIN_PROBE_NANOS = 4_000_000L;

  private Calibration() {}

  /**
   * @param fp32Gflops best fp32 rate seen, 1e9 flops per second (an FMA counts as two)
   * @param memoryGBps best copy rate seen, 1e9 bytes per second, bytes read plus bytes written
   * @param method how the figures were obtained, for reports
   */
  public record Result(double fp32Gflops, double memoryGBps, String method) {}

  /** Runs both micro-benchmarks on the context's device. */
  public static Result measure(ClContext ctx) {
    CalibrationKernels k = CalibrationKernels.forDevice(ctx.device());
    try (ClProgram program = ctx.buildProgram(k.source(), "")) {
      Peak peak = peak(ctx, program, k);
      double gbps = bandwidth(ctx, program, k);
      String method = String.format(
          "fp32: fma on %d float%s chains x %d work-items x %d iterations, best of %d; "
              + "memory: float16 copy of %d MiB (read + write counted), best of %d; OpenCL event profiling",
          k.chains(), k.width() == 1 ? "" : String.valueOf(k.width()), k.workItems(), peak.iterations(),
          PEAK_RUNS, k.copyBytes() >> 20, COPY_RUNS);
      return new Result(peak.gflops(), gbps, method);
    }
  }

  private record Peak(double gflops, int iterations) {}

  private static Peak peak(ClContext ctx, ClProgram program, CalibrationKernels k) {
    long[] global = {k.workItems()};
    long outBytes = k.workItems() * k.width() * Float.BYTES;
    try (ClKernel kernel = program.kernel(CalibrationKernels.PEAK);
        ClBuffer out = ctx.createBuffer(outBytes, ClContext.Access.WRITE_ONLY)) {
      kernel.arg(0, out).arg(1, 0.999f).arg(2, 0.001f);
      // grow the loop until a run is long enough to time, then size runs to PEAK_RUN_NANOS
      int iters = 256;
      long nanos = bestNanos(ctx, kernel.arg(3, iters), global, k.local(), 1);
      while (nanos < MIN_PROBE_NANOS && iters < (1 << 24)) {
        iters *= 8;
        nanos = bestNanos(ctx, kernel.arg(3, iters), global, k.local(), 1);
      }
      iters = (int) Math.clamp((double) iters * PEAK_RUN_NANOS / nanos, 1, 1 << 26);
      long best = bestNanos(ctx, kernel.arg(3, iters), global, k.local(), PEAK_RUNS);
      checkFinite(out, ctx.device());
      return new Peak((double) k.flopsPerIteration() * iters / best, iters);
    }
  }

  private static double bandwidth(ClContext ctx, ClProgram program, CalibrationKernels k) {
    try (ClKernel kernel = program.kernel(CalibrationKernels.COPY);
        ClBuffer src = ctx.createBuffer(k.copyBytes(), ClContext.Access.READ_ONLY);
        ClBuffer dst = ctx.createBuffer(k.copyBytes(), ClContext.Access.WRITE_ONLY)) {
      kernel.arg(0, src).arg(1, dst);
      long[] global = {k.copyBytes() / 64};
      bestNanos(ctx, kernel, global, null, 1); // first touch of the pages and the kernel's first-launch cost
      long best = bestNanos(ctx, kernel, global, null, COPY_RUNS);
      return 2.0 * k.copyBytes() / best;
    }
  }

  private static long bestNanos(ClContext ctx, ClKernel kernel, long[] global, long[] local, int runs) {
    long best = Long.MAX_VALUE;
    for (int r = 0; r < runs; r++) {
      try (ClEvent event = ctx.launch(kernel, global, local)) {
        long nanos = event.profile().runNanos();
        if (nanos > 0) {
          best = Math.min(best, nanos);
        }
      }
    }
    if (best == Long.MAX_VALUE) {
      throw new DeviceException("calibration on " + ctx.device().deviceName()
          + ": the device reported no run time for kernel " + kernel.name());
    }
    return best;
  }

  /** Reads the chains' sums back: they must be finite, or the timed arithmetic was not what we meant. */
  private static void checkFinite(ClBuffer out, DeviceInfo device) {
    float[] sums = new float[(int) Math.min(out.bytes() / Float.BYTES, 1 << 16)];
    out.read(sums);
    for (float s : sums) {
      if (!Float.isFinite(s)) {
        throw new DeviceException("calibration on " + device.deviceName() + ": FMA chains produced " + s);
      }
    }
  }
}
