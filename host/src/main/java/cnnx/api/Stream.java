package cnnx.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs a stream of inputs through one session with several runs in flight, as a server would: on a
 * {@code pipeline:} device the runs flow through its stages concurrently; on one device they queue.
 */
public final class Stream {
  /** Every result in input order, and the wall time from the first submission to the last result. */
  public record Outcome(List<Result> results, double seconds) {
    public Outcome {
      results = List.copyOf(results);
    }

    public double perSecond() {
      return results.size() / seconds;
    }
  }

  private Stream() {}

  public static Outcome run(Session session, List<Map<String, Tensor>> inputs, int inFlight) {
    if (inFlight < 1) {
      throw new CnnxException(CnnxException.Kind.INVALID, "at least one run must be in flight");
    }
    ExecutorService pool = Executors.newFixedThreadPool(inFlight);
    try {
      long t0 = System.nanoTime();
      List<CompletableFuture<Result>> futures = new ArrayList<>();
      for (Map<String, Tensor> in : inputs) {
        futures.add(session.runAsync(in, pool));
      }
      List<Result> results = new ArrayList<>();
      for (CompletableFuture<Result> f : futures) {
        try {
          results.add(f.join());
        } catch (java.util.concurrent.CompletionException e) {
          throw e.getCause() instanceof RuntimeException r ? Failures.translate(r) : e;
        }
      }
      return new Outcome(results, (System.nanoTime() - t0) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The largest absolute difference between two results' outputs (0 when identical). */
  public static double maxDifference(Result a, Result b) {
    double worst = 0;
    for (Map.Entry<String, Tensor> e : a.outputs().entrySet()) {
      Tensor other = b.outputs().get(e.getKey());
      if (other == null || other.size() != e.getValue().size()) {
        return Double.POSITIVE_INFINITY;
      }
      if (e.getValue().isFloating()) {
        float[] x = e.getValue().floats();
        float[] y = other.floats();
        for (int i = 0; i < x.length; i++) {
          worst = Math.max(worst, Math.abs(x[i] - y[i]));
        }
      }
    }
    return worst;
  }
}
