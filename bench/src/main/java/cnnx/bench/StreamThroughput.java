package cnnx.bench;

import cnnx.compiler.ir.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Throughput over a stream: {@code count} runs with {@code inFlight} of them at a time. A single device
 * serialises its runs, so this measures what overlapping buys: a pipeline's stages work on different inputs at
 * once, which one run at a time cannot show. The devices stream in turns, {@link #SEGMENTS} times each, and each
 * keeps its median rate: a machine whose speed drifts during the run then moves every device's figure alike,
 * not only the one that happened to stream last.
 */
final class StreamThroughput {
  /** Streaming before timing, per device. */
  static final long WARM_UP_NANOS = 1_000_000_000L;
  /** Timed streams of {@code count} runs per device, taken in turns. */
  static final int SEGMENTS = 3;

  private StreamThroughput() {}

  /** Runs per second over the stream per contender, in the given order (each after streaming for a while). */
  static Map<Contender, Double> runsPerSecond(List<Contender> contenders, Map<String, Tensor> feeds, int count,
      int inFlight, java.util.function.Consumer<String> progress) {
    ExecutorService pool = Executors.newFixedThreadPool(inFlight);
    try {
      for (Contender c : contenders) {
        // the JIT compiles the concurrent run path on the cores being measured
        long warmUntil = System.nanoTime() + WARM_UP_NANOS;
        do {
          stream(c, feeds, 4 * inFlight, pool);
        } while (System.nanoTime() < warmUntil);
      }
      Map<Contender, double[]> rates = new LinkedHashMap<>();
      contenders.forEach(c -> rates.put(c, new double[SEGMENTS]));
      for (int segment = 0; segment < SEGMENTS; segment++) {
        for (int k = 0; k < contenders.size(); k++) {
          Contender c = contenders.get((segment + k) % contenders.size());
          progress.accept(c.id() + " stream " + (segment + 1) + "/" + SEGMENTS);
          long t0 = System.nanoTime();
          stream(c, feeds, count, pool);
          rates.get(c)[segment] = count / ((System.nanoTime() - t0) / 1e9);
        }
      }
      Map<Contender, Double> median = new LinkedHashMap<>();
      rates.forEach((c, r) -> {
        double[] sorted = r.clone();
        Arrays.sort(sorted);
        median.put(c, sorted[SEGMENTS / 2]);
      });
      return median;
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
