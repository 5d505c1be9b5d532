package cnnx.host.cl;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The two micro-benchmark kernels of {@link Calibration}, shaped for the device: peak arithmetic needs
 * enough independent FMA chains to hide the FMA latency on every pipe (about 24 sixteen-wide chains per
 * core on AVX-512 CPUs), while a GPU wants few registers per work-item and many work-items instead.
 */
record CalibrationKernels(int width, int chains, long workItems, long[] local, long copyBytes) {
  static final String PEAK = "calibrate_peak_fma";
  static final String COPY = "calibrate_copy";
  private static final long MIB = 1L << 20;

  static CalibrationKernels forDevice(DeviceInfo d) {
    int cus = Math.max(1, d.computeUnits());
    int preferred = Integer.highestOneBit(Math.clamp(d.preferredFloatVectorWidth(), 1, 16));
    long memory = Math.min(d.maxAllocBytes(), d.globalMemBytes() / 4);
    if (d.type() == ClDeviceType.CPU) {
      // one work-item per work-group: PoCL then runs the vector code as written, four groups per core.
      // 24 chains fill AVX-512's 32 registers; narrower vector units have 16, so half as many chains.
      int width = Math.max(preferred, 4);
      return new CalibrationKernels(width, width >= 16 ? 24 : 12, cus * 4L, new long[] {1},
          floorTo64(Math.min(64 * MIB, memory)));
    }
    // bigger than any GPU's last-level cache (tens of MiB)
    return new CalibrationKernels(preferred, 8, cus * 2048L, null, floorTo64(Math.min(256 * MIB, memory)));
  }

  private static long floorTo64(long bytes) {
    return Math.max(64, bytes & ~63L);
  }

  /** Floating-point operations of one work-item iteration: one FMA (two flops) per lane of every chain. */
  long flopsPerIteration() {
    return workItems * width * chains * 2L;
  }

  String source() {
    String t = width == 1 ? "float" : "float" + width;
    String init = IntStream.range(0, chains)
        .mapToObj(k -> "  " + t + " x" + k + " = (" + t + ")(seed + " + k + ".0f * 0.001f);")
        .collect(Collectors.joining("\n"));
    String step = IntStream.range(0, chains)
        .mapToObj(k -> "    x" + k + " = fma(x" + k + ", av, bv);")
        .collect(Collectors.joining("\n"));
    String sum = IntStream.range(0, chains).mapToObj(k -> "x" + k).collect(Collectors.joining(" + "));
    return """
        // Independent chains x = x * a + b: a < 1 keeps them finite and away from denormals, and the
        // stored sum depends on every FMA, so none can be dropped.
        __kernel void %s(__global %s* out, float a, float b, int iters) {
          float seed = (float)get_global_id(0) * 1e-6f;
          %s av = (%s)(a);
          %s bv = (%s)(b);
        %s
          for (int i = 0; i < iters; i++) {
        %s
          }
          out[get_global_id(0)] = %s;
        }

        __kernel void %s(__global const float16* src, __global float16* dst) {
          size_t i = get_global_id(0);
          dst[i] = src[i];
        }
        """.formatted(PEAK, t, t, t, t, t, init, step, sum, COPY);
  }
}
