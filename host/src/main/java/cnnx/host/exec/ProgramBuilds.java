package cnnx.host.exec;

import cnnx.host.cl.ClContext;
import cnnx.host.cl.ClProgram;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.cl.ProgramCache;
import cnnx.kernels.plan.KernelSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a plan's programs, one after another (see {@link #buildAll}). A program already built on the context (by
 * this plan or another executable) is leased, not rebuilt.
 */
final class ProgramBuilds {
  private ProgramBuilds() {}

  /** Sees how many programs are built so far (one call at a time). */
  interface Progress {
    void built(int done, int total);
  }

  /**
   * The programs in plan order; on any failure the ones leased are given back and the failure thrown. Built one
   * at a time: PoCL 3.1 (LLVM 15) compiling two programs of one context at once crashed the process (SIGSEGV) in 3
   * of 7 ResNet-18 runs with empty kernel caches, and in none of 4 built one at a time.
   */
  static List<ProgramCache.Lease> buildAll(ClContext context, List<KernelSource> sources, KernelBinaryCache cache,
      Progress progress) {
    List<ProgramCache.Lease> built = new ArrayList<>();
    try {
      for (KernelSource src : sources) {
        built.add(context.programs().acquire(src.source(), src.buildOptions(), () -> build(context, src, cache)));
        progress.built(built.size(), sources.size());
      }
    } catch (RuntimeException e) {
      built.forEach(ProgramCache.Lease::close);
      throw e;
    }
    return built;
  }

  private static ClProgram build(ClContext context, KernelSource src, KernelBinaryCache cache) {
    return cache == null ? context.buildProgram(src.source(), src.buildOptions())
        : cache.build(context, src.source(), src.buildOptions());
  }
}
