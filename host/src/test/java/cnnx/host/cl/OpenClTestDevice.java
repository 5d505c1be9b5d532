package cnnx.host.cl;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.Random;

/** The first OpenCL device, or a skipped test saying why there is none. */
final class OpenClTestDevice {
  private static final Discovery DISCOVERY = OpenClPlatforms.discover();

  static final String VECTOR_ADD =
      """
      __kernel void vector_add(__global const float* a, __global const float* b,
                               __global float* out, int n) {
        int i = get_global_id(0);
        if (i < n) {
          out[i] = a[i] + b[i];
        }
      }
      """;

  private OpenClTestDevice() {}

  static DeviceInfo require() {
    assumeFalse(
        DISCOVERY.devices().isEmpty(),
        () -> "skipped: no OpenCL device (" + DISCOVERY.unavailableReason().orElse("?") + ")");
    return DISCOVERY.devices().get(0);
  }

  static float[] randomFloats(long seed, int n) {
    Random random = new Random(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = random.nextFloat() * 2 - 1;
    }
    return values;
  }

  /** Runs {@code vector_add} from {@code program} on seeded inputs and returns the output. */
  static float[] runVectorAdd(ClProgram program, int n) {
    ClContext context = program.context();
    float[] out = new float[n];
    try (ClBuffer a = context.upload(randomFloats(1, n));
        ClBuffer b = context.upload(randomFloats(2, n));
        ClBuffer c = context.createBuffer((long) n * Float.BYTES, ClContext.Access.WRITE_ONLY);
        ClKernel kernel = program.kernel("vector_add")) {
      kernel.arg(0, a).arg(1, b).arg(2, c).arg(3, n);
      try (ClEvent ignored = context.launch(kernel, new long[] {n}, null)) {
        c.read(out);
      }
    }
    return out;
  }

  static float[] expectedVectorAdd(int n) {
    float[] a = randomFloats(1, n);
    float[] b = randomFloats(2, n);
    float[] sum = new float[n];
    for (int i = 0; i < n; i++) {
      sum[i] = a[i] + b[i];
    }
    return sum;
  }
}
