package cnnx.compiler.codegen.tensor;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ops.tensor.CumSumOp;
import cnnx.kernels.plan.ErrorFlag;

/**
 * CumSum as an element emitter: each output element sums along the axis in the reference's order
 * (so float sums round alike). The axis input only picks which dim is summed, never a shape, so a
 * run-time axis needs no recompile: the kernel reads it and branches to one loop per possible
 * axis. A run-time axis out of range raises the plan's error flag (the reference rejects it) and
 * is clamped so the kernel never reads outside its input.
 */
final class CumSumKernel {
  private CumSumKernel() {}

  static void emit(ElementContext ctx) {
    int[] in = ctx.inputShape(0);
    String t = ctx.inputType(0).openClType();
    String sum = ctx.declare(t, "sum", Coords.zero(ctx.inputType(0)));
    if (ctx.constant(1).isPresent()) {
      int axis = CumSumOp.axis(ctx.node(), ctx.constant(1).orElseThrow(), in.length);
      ctx.statement(loop(ctx, in, axis, sum));
    } else {
      int rank = in.length;
      String raw = ctx.declare("long", "axis", ctx.loadFlat(1, "0"));
      ctx.flagError(raw + " < -" + rank + "L || " + raw + " >= " + rank + "L", ErrorFlag.INDEX_OUT_OF_RANGE);
      String axis = ctx.declare("long", "ax", "clamp(" + raw + " < 0L ? " + raw + " + " + rank + "L : " + raw
          + ", 0L, " + (rank - 1) + "L)");
      StringBuilder branches = new StringBuilder();
      for (int a = 0; a < rank; a++) {
        branches.append(a == 0 ? "" : " else ").append(a == rank - 1 ? "{ " : "if (" + axis + " == " + a + "L) { ")
            .append(loop(ctx, in, a, sum)).append(" }");
      }
      ctx.statement(branches.toString());
    }
    ctx.result(ctx.outputDataType() == DataType.INT32 ? "((long) (int) " + sum + ")" : sum);
  }

  /** The C loop adding the input along {@code axis} up to (or, exclusive, before) this element. */
  private static String loop(ElementContext ctx, int[] in, int axis, String sum) {
    boolean exclusive = ctx.node().intAttr("exclusive", 0) == 1;
    boolean reverse = ctx.node().intAttr("reverse", 0) == 1;
    String c = ctx.coord(axis);
    String s = ctx.fresh("s");
    String head = reverse
        ? "for (long " + s + " = " + (in[axis] - 1) + "L; " + s + (exclusive ? " > " : " >= ") + c + "; " + s + "--)"
        : "for (long " + s + " = 0; " + s + (exclusive ? " < " : " <= ") + c + "; " + s + "++)";
    return head + " " + sum + " += " + ctx.load(0, Coords.with(Coords.output(ctx), axis, s)) + ";";
  }
}
