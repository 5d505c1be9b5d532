package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.ir.Shapes;

/**
 * GlobalAveragePool and GlobalMaxPool: one work-item per N x C plane loops over the plane, which
 * is contiguous in X. The mean accumulates in float (the reference uses double).
 */
final class GlobalPoolEmitters {
  private GlobalPoolEmitters() {}

  private static String loopHead(String i, long plane) {
    return "for (long " + i + " = 0; " + i + " < " + plane + "L; ++" + i + ") {";
  }

  private static long plane(int[] x) {
    return Shapes.size(x) / Math.max(1, (long) x[0] * x[1]);
  }

  private static String base(ElementContext ctx, int[] x, long plane) {
    return ctx.declare("long", "base", "(" + ctx.coord(0) + " * " + x[1] + "L + " + ctx.coord(1) + ") * " + plane + "L");
  }

  static void average(ElementContext ctx) {
    int[] x = ctx.inputShape(0);
    long plane = plane(x);
    String base = base(ctx, x, plane);
    String sum = ctx.declare("float", "sum", "0.0f");
    String i = ctx.fresh("i");
    ctx.statement(loopHead(i, plane));
    ctx.statement(sum + " += " + ctx.loadFlat(0, base + " + " + i) + ";");
    ctx.statement("}");
    ctx.result(sum + " / " + ElementContext.floatLiteral(plane));
  }

  /** (sum |x|^p)^(1/p), summed in float; p = 1 and 2 without pow. */
  static void lp(ElementContext ctx) {
    int[] x = ctx.inputShape(0);
    long plane = plane(x);
    long p = ctx.node().intAttr("p", 2);
    String base = base(ctx, x, plane);
    String sum = ctx.declare("float", "sum", "0.0f");
    String i = ctx.fresh("i");
    ctx.statement(loopHead(i, plane));
    String v = ctx.declare("float", "v", "fabs(" + ctx.loadFlat(0, base + " + " + i) + ")");
    ctx.statement(sum + " += " + (p == 1 ? v : p == 2 ? v + " * " + v : "pow(" + v + ", " + p + ".0f)") + ";");
    ctx.statement("}");
    ctx.result(p == 1 ? sum : p == 2 ? "sqrt(" + sum + ")" : "pow(" + sum + ", 1.0f / " + p + ".0f)");
  }

  /** As the reference: the first element, then any strictly larger one; an empty plane the lowest float. */
  static void max(ElementContext ctx) {
    int[] x = ctx.inputShape(0);
    long plane = plane(x);
    String base = base(ctx, x, plane);
    String best = ctx.declare("float", "best", ElementContext.floatLiteral(-Float.MAX_VALUE));
    String i = ctx.fresh("i");
    ctx.statement(loopHead(i, plane));
    String v = ctx.declare("float", "v", ctx.loadFlat(0, base + " + " + i));
    ctx.statement("if (" + i + " == 0 || " + v + " > " + best + ") { " + best + " = " + v + "; }");
    ctx.statement("}");
    ctx.result(best);
  }
}
