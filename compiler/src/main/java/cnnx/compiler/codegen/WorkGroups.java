package cnnx.compiler.codegen;

import cnnx.boards.DeviceKind;
import cnnx.boards.Target;

/**
 * Work-group shapes, chosen from the target. A CPU device runs each work-group as one task, so one
 * work-item per group spreads the work best (PoCL, left to choose, made some layers one or two huge groups
 * and left a core idle). A GPU wants groups that fill whole warps/wavefronts and reach its preferred group
 * size. Local sizes always divide the global size, so no kernel needs a bounds guard.
 */
public final class WorkGroups {
  /** The local size ({@code null}: the driver chooses) and why. */
  public record Choice(long[] local, String reason) {}

  private WorkGroups() {}

  /** For the register-blocked templates (conv, gemm), whose work-items each compute a block. */
  public static Choice blocked(Target t, long[] global) {
    if (t.kind() == DeviceKind.CPU) {
      long[] one = new long[global.length];
      java.util.Arrays.fill(one, 1);
      return new Choice(one, "");
    }
    return spread(t, global);
  }

  /** For element kernels: one work-item per element. */
  public static Choice elementwise(Target t, long[] global) {
    if (t.kind() == DeviceKind.CPU) {
      return new Choice(null, "");
    }
    return spread(t, global);
  }

  /**
   * Fills dimension 0 first with the largest divisor of its size up to the preferred group size, preferring
   * multiples of the subgroup width, then the next dimensions with what is left.
   */
  private static Choice spread(Target t, long[] global) {
    long budget = Math.min(t.preferredWorkGroupSize(), t.maxWorkGroupSize());
    long[] local = new long[global.length];
    long left = budget;
    for (int d = 0; d < global.length; d++) {
      local[d] = bestDivisor(global[d], left, d == 0 ? t.subgroupSize() : 1);
      left /= local[d];
    }
    long items = 1;
    for (long l : local) {
      items *= l;
    }
    String fill = items % t.subgroupSize() == 0 ? "whole" : "partial";
    return new Choice(local, "local " + java.util.Arrays.toString(local) + ": " + items + " work-items, " + fill
        + " subgroups of " + t.subgroupSize() + " (preferred group " + budget + ")");
  }

  /** The largest divisor of n that is at most limit, a multiple of {@code multiple} when one exists. */
  static long bestDivisor(long n, long limit, int multiple) {
    long best = 1;
    long bestAligned = 0;
    for (long d = 1; d <= Math.min(n, limit); d++) {
      if (n % d == 0) {
        best = d;
        if (d % multiple == 0) {
          bestAligned = d;
        }
      }
    }
    return bestAligned > 0 && bestAligned * 4 >= best ? bestAligned : best;
  }
}
