package cnnx.compiler.codegen.elementwise;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.codegen.KernelLibrary;
import cnnx.kernels.plan.ErrorFlag;
import java.util.function.BinaryOperator;

/**
 * Broadcasting two-input ops: arithmetic, comparisons, PRelu and Where. Float arithmetic in
 * float gives the reference's double-then-round results exactly for +, -, * (and / where the
 * device divides correctly rounded); integer arithmetic wraps
 * like the reference's, at the output's IR type.
 */
final class BinaryKernels {
  private BinaryKernels() {}

  static void register(KernelLibrary.Builder b) {
    arithmetic(b, "Add", (x, y) -> x + " + " + y, CExpr::add);
    arithmetic(b, "Sub", (x, y) -> x + " - " + y, CExpr::sub);
    arithmetic(b, "Mul", (x, y) -> x + " * " + y, CExpr::mul);
    b.emitter("Div", ctx -> {
      String x = CExpr.operand(ctx, 0, "a");
      String y = CExpr.operand(ctx, 1, "b");
      if (CExpr.isFloat(ctx.inputType(0))) {
        ctx.result("(" + x + " / " + y + ")");
        return;
      }
      ctx.flagError(y + " == 0L", ErrorFlag.DIVISION_BY_ZERO);
      ctx.result(IntTypes.result(ctx, CExpr.div(x, y)));
    });
    comparison(b, "Equal", "==");
    comparison(b, "Less", "<");
    comparison(b, "Greater", ">");
    comparison(b, "LessOrEqual", "<=");
    comparison(b, "GreaterOrEqual", ">=");
    b.emitter("PRelu", BinaryKernels::prelu);
    b.emitter("Mod", BinaryKernels::mod);
    logical(b, "And", "&&");
    logical(b, "Or", "||");
    logical(b, "Xor", "!=");
    b.emitter("Where", ctx -> {
      String c = CExpr.operand(ctx, 0, "cond");
      ctx.result("(" + c + " != 0L ? " + ctx.loadBroadcast(1) + " : " + ctx.loadBroadcast(2) + ")");
    });
  }

  private static void arithmetic(KernelLibrary.Builder b, String op, BinaryOperator<String> floatFn,
      BinaryOperator<String> longFn) {
    b.emitter(op, ctx -> {
      String x = CExpr.operand(ctx, 0, "a");
      String y = CExpr.operand(ctx, 1, "b");
      ctx.result(CExpr.isFloat(ctx.inputType(0)) ? "(" + floatFn.apply(x, y) + ")"
          : IntTypes.result(ctx, longFn.apply(x, y)));
    });
  }

  private static void comparison(KernelLibrary.Builder b, String op, String cOperator) {
    b.emitter(op, ctx -> {
      String x = CExpr.operand(ctx, 0, "a");
      String y = CExpr.operand(ctx, 1, "b");
      ctx.result("(" + x + " " + cOperator + " " + y + " ? 1L : 0L)");
    });
  }

  /** Bool operands (stored as 0 or 1) combined by a C operator on their truth values. */
  private static void logical(KernelLibrary.Builder b, String op, String cOperator) {
    b.emitter(op, ctx -> {
      String x = CExpr.operand(ctx, 0, "a");
      String y = CExpr.operand(ctx, 1, "b");
      ctx.result("(((" + x + " != 0L) " + cOperator + " (" + y + " != 0L)) ? 1L : 0L)");
    });
  }

  /** fmod = 1: C's fmod / %; fmod = 0 (integers): the remainder moved to the divisor's sign. */
  private static void mod(ElementContext ctx) {
    String x = CExpr.operand(ctx, 0, "a");
    String y = CExpr.operand(ctx, 1, "b");
    if (CExpr.isFloat(ctx.inputType(0))) {
      ctx.result("fmod(" + x + ", " + y + ")");
      return;
    }
    // LONG_MIN % -1 traps in C; its remainder is 0.
    String r = ctx.declare("long", "r", "(" + y + " == -1L ? 0L : " + x + " % " + y + ")");
    if (ctx.node().intAttr("fmod", 0) == 1) {
      ctx.result(IntTypes.result(ctx, r));
    } else {
      ctx.result(IntTypes.result(ctx, "((" + r + " != 0L && ((" + r + " < 0L) != (" + y + " < 0L))) ? "
          + r + " + " + y + " : " + r + ")"));
    }
  }

  /** X &lt; 0 ? slope * X : X, the slope broadcast to X. */
  private static void prelu(ElementContext ctx) {
    String x = CExpr.operand(ctx, 0, "x");
    String s = CExpr.operand(ctx, 1, "slope");
    if (CExpr.isFloat(ctx.inputType(0))) {
      ctx.result("(" + x + " < 0.0f ? " + s + " * " + x + " : " + x + ")");
    } else {
      String product = IntTypes.result(ctx, CExpr.mul(s, x));
      ctx.result("(" + x + " < 0L ? " + product + " : " + x + ")");
    }
  }
}
