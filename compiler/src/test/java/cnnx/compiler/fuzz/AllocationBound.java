package cnnx.compiler.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

/**
 * Bounds the work one fuzz input makes cnnx do by the bytes it allocates on the calling thread: counted, so the
 * bound holds on a loaded machine as on an idle one, where a wall-clock limit fails on a slow machine and passes a
 * broken one. A size bomb or a quadratic blow-up allocates far past it.
 */
final class AllocationBound {
  /** A fuzz input is at most a few KiB; loading, typing and compiling one stays far under this. */
  static final long MAX_BYTES = 64L << 20;

  private AllocationBound() {}

  /**
   * Runs {@code work}; when it allocated over the bound, runs it once more and holds the second run to it: the
   * first run of an input may load (and, under Jazzer, instrument) classes, which allocates on this thread too.
   */
  static void within(String what, Runnable work) {
    if (measure(work) < MAX_BYTES) {
      return;
    }
    long bytes = measure(work);
    assertTrue(bytes < MAX_BYTES, what + " allocated " + bytes + " bytes, over " + MAX_BYTES);
  }

  private static long measure(Runnable work) {
    long before = allocated();
    work.run();
    return allocated() - before;
  }

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }
}
