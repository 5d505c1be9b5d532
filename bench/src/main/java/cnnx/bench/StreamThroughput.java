package cnnx.bench;

import cnnx.compiler.ir.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Throughput over a stream: {@code count} runs with {@code inFlight} of them at a time. A single device
 * serialises its runs, so this measures what overlapping buys: a pipeline's stages work on different inputs at
 * once, which one run at a time cannot show.
 */
final class StreamThroughput {
  /** Streaming before timing, per device. */
  static final long WARM_UP_NANOS = 1_000_000_000L;

  private StreamThroughput() {}

  /** Runs per second over the stream (after streaming for {@link #WARM_UP_NANOS}). */
  static double runsPerSecond(Contender c, Map<String, Tensor> feeds, int count, int inFlight) {
    ExecutorService pool = Executors.newFixedThreadPool(inFlight);
    try {
      // stream for a while first: the JIT compiles the concurrent run path on the cores being measured
      long warmUntil = System.nanoTime() + WARM_UP_NANOS;
      do {
        stream(c, feeds, 4 * inFlight, pool);
      } while (System.nanoTime() < warmUntil);
      long t0 = System.nanoTime();
      stream(c, feeds, count, pool);
      return count / ((System.nanoTime() - t0) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void stream(Contender c, Map<String, Tensor> feeds, int count, ExecutorService pool) {
    List<Future<?>> runs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      runs.add(pool.submit(() -> c.run(feeds)));
    }
    for (Future<?> f : runs) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while streaming through " + c.id(), e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      }
    }
  }
}
