package cnnx.compiler.codegen.elementwise;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.codegen.KernelLibrary;
import cnnx.compiler.ir.Tensor;
import java.util.Optional;

/**
 * Clip(input, min?, max?) = min(max(input, min), max). Constant bounds are baked in as literals;
 * bounds given at run time are loaded (they are scalars). An absent bound does not clip.
 */
final class ClipKernel {
  private ClipKernel() {}

  static void register(KernelLibrary.Builder b) {
    b.emitter("Clip", ClipKernel::emit);
  }

  private static void emit(ElementContext ctx) {
    boolean isFloat = CExpr.isFloat(ctx.inputType(0));
    String type = ctx.inputType(0).openClType();
    String v = CExpr.operand(ctx, 0, "x");
    for (int i = 1; i <= 2; i++) {
      if (!ctx.hasInput(i)) {
        continue;
      }
      String bound = ctx.declare(type, i == 1 ? "lo" : "hi", bound(ctx, i, isFloat));
      Optional<Tensor> c = ctx.constant(i);
      String clipped = isFloat && c.isPresent() && !Float.isNaN(c.get().floats()[0])
          ? constantBound(i == 1, v, bound, c.get().floats()[0])
          : i == 1 ? CExpr.max(ctx.inputType(0), v, bound) : CExpr.min(ctx.inputType(0), v, bound);
      v = ctx.declare(type, "clip", clipped);
    }
    ctx.result(v);
  }

  /**
   * Java's Math.max / Math.min against a constant bound that is not NaN, as one compare and select
   * (the general form, testing both operands for NaN first, made a ReLU6 1x1 conv over 16 channels
   * 1.6x slower on PoCL): a NaN input fails the compare and is kept; the compare is strict or not so
   * that ±0 come out as Java's.
   */
  private static String constantBound(boolean lower, String v, String bound, float b) {
    boolean negZero = Float.floatToRawIntBits(b) == Float.floatToRawIntBits(-0f);
    boolean posZero = Float.floatToRawIntBits(b) == 0;
    String op = lower ? (negZero ? " < " : " <= ") : (posZero ? " > " : " >= ");
    return "(" + v + op + bound + " ? " + bound + " : " + v + ")";
  }

  private static String bound(ElementContext ctx, int i, boolean isFloat) {
    Optional<Tensor> c = ctx.constant(i);
    if (c.isEmpty()) {
      return ctx.loadBroadcast(i);
    }
    return isFloat ? CExpr.f(c.get().floats()[0]) : IntTypes.literal(c.get().longs()[0]);
  }
}
