package cnnx.host.cl;

import java.util.SplittableRandom;

/**
 * Fault injection for tests: makes chosen OpenCL calls fail as a driver would (a failed build,
 * CL_OUT_OF_RESOURCES, CL_MEM_OBJECT_ALLOCATION_FAILURE) at a chosen point or at random. Disarmed,
 * it costs one volatile read per call. Process-wide; tests that arm it must disarm it.
 */
public final class ClFaults {
  /** Where a fault can strike. */
  public enum Point {
    BUILD(-11, "clBuildProgram"),
    ALLOCATE(-4, "clCreateBuffer"),
    ENQUEUE(-5, "clEnqueueNDRangeKernel"),
    TRANSFER(-5, "clEnqueueReadBuffer/clEnqueueWriteBuffer");

    final int code;
    final String call;

    Point(int code, String call) {
      this.code = code;
      this.call = call;
    }
  }

  private static volatile Plan plan;

  private record Plan(Point point, long failAt, double probability, SplittableRandom random, long[] calls) {}

  private ClFaults() {}

  /** The {@code n}-th call (1-based) at {@code point} from now fails, once. */
  public static synchronized void failNth(Point point, long n) {
    plan = new Plan(point, n, 0, null, new long[1]);
  }

  /** Every call at any point fails with the given probability, from a seeded random source. */
  public static synchronized void failRandomly(long seed, double probability) {
    plan = new Plan(null, -1, probability, new SplittableRandom(seed), new long[1]);
  }

  public static synchronized void disarm() {
    plan = null;
  }

  /** Called by the wrappers before each call at a fault point. */
  static void check(Point point) {
    Plan p = plan;
    if (p == null) {
      return;
    }
    boolean fail;
    synchronized (ClFaults.class) {
      if (p.point() != null) {
        fail = p.point() == point && ++p.calls()[0] == p.failAt();
      } else {
        fail = p.random().nextDouble() < p.probability();
      }
    }
    if (fail) {
      throw DeviceException.clError(point.call, point.code, "injected fault");
    }
  }
}
