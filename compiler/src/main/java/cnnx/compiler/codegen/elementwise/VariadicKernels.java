package cnnx.compiler.codegen.elementwise;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.codegen.KernelLibrary;
import cnnx.kernels.plan.ElementType;

/**
 * Max, Min, Sum and Mean of one or more inputs broadcast together. Sums accumulate in float (the
 * reference in double); inputs are few, so the difference stays within a few ulp.
 */
final class VariadicKernels {
  private enum Kind {
    MAX,
    MIN,
    SUM,
    MEAN
  }

  private VariadicKernels() {}

  static void register(KernelLibrary.Builder b) {
    b.emitter("Max", ctx -> emit(ctx, Kind.MAX));
    b.emitter("Min", ctx -> emit(ctx, Kind.MIN));
    b.emitter("Sum", ctx -> emit(ctx, Kind.SUM));
    b.emitter("Mean", ctx -> emit(ctx, Kind.MEAN));
  }

  private static void emit(ElementContext ctx, Kind kind) {
    ElementType t = ctx.inputType(0);
    int n = ctx.node().inputs().size();
    String acc = CExpr.operand(ctx, 0, "acc");
    for (int i = 1; i < n; i++) {
      String v = CExpr.operand(ctx, i, "v");
      String next = switch (kind) {
        case MAX -> CExpr.max(t, acc, v);
        case MIN -> CExpr.min(t, acc, v);
        case SUM, MEAN -> acc + " + " + v;
      };
      acc = ctx.declare(t.openClType(), "acc", next);
    }
    ctx.result(kind == Kind.MEAN ? acc + " / " + CExpr.f(n) : acc);
  }
}
