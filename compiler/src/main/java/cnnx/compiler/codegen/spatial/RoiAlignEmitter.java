package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.ops.spatial.RoiAlign;

/**
 * RoiAlign: one work-item per output bin reads its region, loops over the (possibly adaptive)
 * sampling grid and interpolates each sample bilinearly, as the reference does, in float. A batch
 * index out of range is clamped so the kernel never reads outside X.
 */
final class RoiAlignEmitter {
  private RoiAlignEmitter() {}

  static void emit(ElementContext ctx) {
    RoiAlign.Params p = RoiAlign.Params.of(ctx.node());
    int[] x = ctx.inputShape(0);
    long height = x[2];
    long width = x[3];
    String r = ctx.coord(0);
    String c = ctx.coord(1);
    String ph = ctx.coord(2);
    String pw = ctx.coord(3);
    String scale = ElementContext.floatLiteral(p.spatialScale());
    String off = p.halfPixel() ? "0.5f" : "0.0f";
    String x1 = ctx.declare("float", "x1", ctx.loadFlat(1, r + " * 4L") + " * " + scale + " - " + off);
    String y1 = ctx.declare("float", "y1", ctx.loadFlat(1, r + " * 4L + 1L") + " * " + scale + " - " + off);
    String rw = ctx.declare("float", "rw", ctx.loadFlat(1, r + " * 4L + 2L") + " * " + scale + " - " + off + " - " + x1);
    String rh = ctx.declare("float", "rh", ctx.loadFlat(1, r + " * 4L + 3L") + " * " + scale + " - " + off + " - " + y1);
    if (!p.halfPixel()) {
      ctx.statement(rw + " = fmax(" + rw + ", 1.0f); " + rh + " = fmax(" + rh + ", 1.0f);");
    }
    String binH = ctx.declare("float", "bh", rh + " / " + p.outH() + ".0f");
    String binW = ctx.declare("float", "bw", rw + " / " + p.outW() + ".0f");
    String gridH = ctx.declare("int", "gh", p.samplingRatio() > 0 ? Integer.toString(p.samplingRatio())
        : "(int) ceil(" + rh + " / " + p.outH() + ".0f)");
    String gridW = ctx.declare("int", "gw", p.samplingRatio() > 0 ? Integer.toString(p.samplingRatio())
        : "(int) ceil(" + rw + " / " + p.outW() + ".0f)");
    String batch = ctx.declare("long", "b", "clamp(" + ctx.loadFlat(2, r) + ", 0L, " + (x[0] - 1) + "L)");
    String plane = ctx.declare("long", "plane", "(" + batch + " * " + x[1] + "L + " + c + ") * " + (height * width) + "L");
    String acc = ctx.declare("float", "acc", "0.0f");
    String iy = ctx.fresh("iy");
    String ix = ctx.fresh("ix");
    String sy = ctx.fresh("sy");
    String sx = ctx.fresh("sx");
    String v = ctx.fresh("v");
    StringBuilder s = new StringBuilder();
    s.append("for (int ").append(iy).append(" = 0; ").append(iy).append(" < ").append(gridH).append("; ").append(iy)
        .append("++) {\n");
    s.append("  float ").append(sy).append(" = ").append(y1).append(" + ").append(ph).append(" * ").append(binH)
        .append(" + (").append(iy).append(" + 0.5f) * ").append(binH).append(" / ").append(gridH).append(";\n");
    s.append("  for (int ").append(ix).append(" = 0; ").append(ix).append(" < ").append(gridW).append("; ").append(ix)
        .append("++) {\n");
    s.append("    float ").append(sx).append(" = ").append(x1).append(" + ").append(pw).append(" * ").append(binW)
        .append(" + (").append(ix).append(" + 0.5f) * ").append(binW).append(" / ").append(gridW).append(";\n");
    s.append("    float ").append(v).append(" = 0.0f;\n");
    s.append("    if (!(").append(sy).append(" < -1.0f || ").append(sy).append(" > ").append(height).append(".0f || ")
        .append(sx).append(" < -1.0f || ").append(sx).append(" > ").append(width).append(".0f)) {\n");
    s.append(bilinear(ctx, sy, sx, v, plane, height, width, p.max()));
    s.append("    }\n");
    if (p.max()) {
      s.append("    ").append(acc).append(" = (").append(iy).append(" == 0 && ").append(ix).append(" == 0) ? ").append(v)
          .append(" : fmax(").append(acc).append(", ").append(v).append(");\n");
    } else {
      s.append("    ").append(acc).append(" += ").append(v).append(";\n");
    }
    s.append("  }\n}");
    ctx.statement(s.toString());
    ctx.result(p.max() ? acc : acc + " / (float) max(" + gridH + " * " + gridW + ", 1)");
  }

  private static String bilinear(ElementContext ctx, String sy, String sx, String v, String plane, long height,
      long width, boolean max) {
    String y = ctx.fresh("y");
    String xx = ctx.fresh("x");
    String yl = ctx.fresh("yl");
    String xl = ctx.fresh("xl");
    String yh = ctx.fresh("yh");
    String xh = ctx.fresh("xh");
    StringBuilder s = new StringBuilder();
    s.append("      float ").append(y).append(" = fmax(").append(sy).append(", 0.0f);\n");
    s.append("      float ").append(xx).append(" = fmax(").append(sx).append(", 0.0f);\n");
    s.append("      long ").append(yl).append(" = (long) ").append(y).append(";\n");
    s.append("      long ").append(xl).append(" = (long) ").append(xx).append(";\n");
    s.append("      long ").append(yh).append(" = ").append(yl).append(" + 1L;\n");
    s.append("      long ").append(xh).append(" = ").append(xl).append(" + 1L;\n");
    s.append("      if (").append(yl).append(" >= ").append(height - 1).append("L) { ").append(yl).append(" = ")
        .append(yh).append(" = ").append(height - 1).append("L; ").append(y).append(" = (float) ").append(yl)
        .append("; }\n");
    s.append("      if (").append(xl).append(" >= ").append(width - 1).append("L) { ").append(xl).append(" = ")
        .append(xh).append(" = ").append(width - 1).append("L; ").append(xx).append(" = (float) ").append(xl)
        .append("; }\n");
    String ly = "(" + y + " - (float) " + yl + ")";
    String lx = "(" + xx + " - (float) " + xl + ")";
    String a = "(1.0f - " + ly + ") * (1.0f - " + lx + ") * " + ctx.loadFlat(0, plane + " + " + yl + " * " + width + "L + " + xl);
    String b = "(1.0f - " + ly + ") * " + lx + " * " + ctx.loadFlat(0, plane + " + " + yl + " * " + width + "L + " + xh);
    String c = ly + " * (1.0f - " + lx + ") * " + ctx.loadFlat(0, plane + " + " + yh + " * " + width + "L + " + xl);
    String d = ly + " * " + lx + " * " + ctx.loadFlat(0, plane + " + " + yh + " * " + width + "L + " + xh);
    s.append("      ").append(v).append(" = ").append(max
        ? "fmax(fmax(fmax(" + a + ", " + b + "), " + c + "), " + d + ")"
        : a + " + " + b + " + " + c + " + " + d).append(";\n");
    return s.toString();
  }
}
