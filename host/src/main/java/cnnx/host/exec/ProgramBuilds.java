package cnnx.host.exec;

import cnnx.host.cl.ClContext;
import cnnx.host.cl.ClProgram;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.cl.ProgramCache;
import cnnx.kernels.plan.KernelSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds a plan's programs in parallel: a cold start is dominated by the driver compiling each
 * program, one core at a time, and OpenCL builds of different programs may run concurrently. A
 * program already built on the context (by this plan or another executable) is leased, not rebuilt.
 */
final class ProgramBuilds {
  private ProgramBuilds() {}

  /** Sees how many programs are built so far (one call at a time). */
  interface Progress {
    void built(int done, int total);
  }

  /** The programs in plan order; on any failure the ones leased are given back and the first failure thrown. */
  static List<ProgramCache.Lease> buildAll(ClContext context, List<KernelSource> sources, KernelBinaryCache cache,
      Progress progress) {
    java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
    Object lock = new Object();
    java.util.function.Function<KernelSource, ProgramCache.Lease> one = src -> {
      ProgramCache.Lease p = context.programs().acquire(src.source(), src.buildOptions(),
          () -> build(context, src, cache));
      synchronized (lock) {
        progress.built(done.incrementAndGet(), sources.size());
      }
      return p;
    };
    int threads = Math.min(sources.size(), Runtime.getRuntime().availableProcessors());
    if (threads <= 1) {
      List<ProgramCache.Lease> built = new ArrayList<>();
      try {
        for (KernelSource src : sources) {
          built.add(one.apply(src));
        }
      } catch (RuntimeException e) {
        built.forEach(ProgramCache.Lease::close);
        throw e;
      }
      return built;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "cnnx-program-build");
      t.setDaemon(true);
      return t;
    });
    List<Future<ProgramCache.Lease>> futures = new ArrayList<>();
    try {
      for (KernelSource src : sources) {
        futures.add(pool.submit(() -> one.apply(src)));
      }
      List<ProgramCache.Lease> built = new ArrayList<>();
      RuntimeException failure = null;
      for (Future<ProgramCache.Lease> f : futures) {
        try {
          built.add(f.get());
        } catch (ExecutionException e) {
          RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
          failure = failure == null ? cause : failure;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failure = failure == null ? new IllegalStateException("interrupted while building programs", e) : failure;
        }
      }
      if (failure != null) {
        built.forEach(ProgramCache.Lease::close);
        throw failure;
      }
      return built;
    } finally {
      pool.shutdown();
    }
  }

  private static ClProgram build(ClContext context, KernelSource src, KernelBinaryCache cache) {
    return cache == null ? context.buildProgram(src.source(), src.buildOptions())
        : cache.build(context, src.source(), src.buildOptions());
  }
}
