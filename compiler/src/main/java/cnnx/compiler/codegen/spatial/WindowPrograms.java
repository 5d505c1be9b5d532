package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.ChainStep;
import cnnx.compiler.codegen.Hashes;
import cnnx.compiler.codegen.LoweringContext;
import cnnx.compiler.ir.Node;
import cnnx.kernels.plan.KernelSource;
import java.util.List;

/** Helpers the window lowerings share: content-named programs and the checks every one makes. */
final class WindowPrograms {
  private WindowPrograms() {}

  /** A program's index in the plan and the prefix of its kernels' names. */
  record Program(int index, String prefix) {
    String kernel(String suffix) {
      return prefix + "_" + suffix;
    }
  }

  /**
   * Adds a program whose kernels are named {@code PREFIX_<suffix>} in {@code template}; the
   * prefix becomes the hint plus a hash of the template, so that identical programs keep identical
   * sources (shared within a plan and through the binary cache).
   */
  static Program add(LoweringContext ctx, String hint, String template) {
    String prefix = hint + "_" + Hashes.shortHash(template);
    int index = ctx.program(new KernelSource(template.replace("PREFIX", prefix), ""));
    return new Program(index, prefix);
  }

  /** Window lowerings head no fused group: their ops are neither element steps nor contractions. */
  static void requireAlone(Node head, List<ChainStep> epilogue, Node pool) {
    if (!epilogue.isEmpty() || pool != null) {
      throw new IllegalStateException(head.describe() + " was fused with other ops, which its kernels cannot take");
    }
  }

  /** The work-item count for n elements: at least one (an empty launch is not allowed). */
  static long[] global(long n) {
    return new long[] {Math.max(1, n)};
  }
}
