package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.ElementContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Nested C loops over the taps of one output element's pooling window that fall inside the input,
 * in row-major window order (the order the reference visits them). The loop bounds are solved per
 * axis rather than tested per tap: taps {@code j} in {@code [lo, hi)} read input index
 * {@code h + j * dilation} with {@code h = o * stride - padBegin}.
 */
final class WindowLoops {
  private final ElementContext ctx;
  private final PoolGeometry g;
  private final List<String> starts = new ArrayList<>();
  private final List<String> los = new ArrayList<>();
  private final List<String> his = new ArrayList<>();
  private final List<String> taps = new ArrayList<>();

  private WindowLoops(ElementContext ctx, PoolGeometry g) {
    this.ctx = ctx;
    this.g = g;
  }

  /** Declares each axis's window start and tap bounds (no loops yet). */
  static WindowLoops bounds(ElementContext ctx, PoolGeometry g) {
    WindowLoops w = new WindowLoops(ctx, g);
    for (int a = 0; a < g.rank(); a++) {
      long s = g.strides()[a];
      long d = g.dilations()[a];
      long pb = g.padBegin()[a];
      String o = ctx.coord(a + 2);
      String h = ctx.declare("long", "h", (s == 1 ? o : o + " * " + s + "L") + (pb == 0 ? "" : " - " + pb + "L"));
      String lo = pb == 0 ? "0L" : ctx.declare("long", "lo", h + " < 0 ? " + ceilDiv("-" + h, d) + " : 0L");
      String hi = ctx.declare("long", "hi", "min(" + g.kernel()[a] + "L, " + ceilDiv(g.input()[a] + "L - " + h, d) + ")");
      w.starts.add(h);
      w.los.add(lo);
      w.his.add(hi);
    }
    return w;
  }

  /**
   * C expression: ceil(num / d) for num > 0, and at most 0 for num <= 0 (C division truncates
   * towards zero), which is all a loop bound needs.
   */
  private static String ceilDiv(String num, long d) {
    return d == 1 ? "(" + num + ")" : "(" + num + " + " + (d - 1) + "L) / " + d + "L";
  }

  /** Opens the loops; returns the C names of the tap's input coordinates, one per spatial axis. */
  List<String> open() {
    for (int a = 0; a < g.rank(); a++) {
      String j = ctx.fresh("j");
      ctx.statement("for (long " + j + " = " + los.get(a) + "; " + j + " < " + his.get(a) + "; ++" + j + ") {");
      long d = g.dilations()[a];
      taps.add(ctx.declare("long", "p", starts.get(a) + " + " + (d == 1 ? j : j + " * " + d + "L")));
    }
    return List.copyOf(taps);
  }

  void close() {
    for (int a = 0; a < g.rank(); a++) {
      ctx.statement("}");
    }
  }

  /** The input coordinates of a tap: this element's N and C, then the tap's spatial indices. */
  List<String> inputCoords(List<String> tapCoords) {
    List<String> c = new ArrayList<>(List.of(ctx.coord(0), ctx.coord(1)));
    c.addAll(tapCoords);
    return c;
  }

  /** C expression: the number of taps inside the input. */
  String insideCount() {
    List<String> f = new ArrayList<>();
    for (int a = 0; a < g.rank(); a++) {
      f.add("max(" + his.get(a) + " - " + los.get(a) + ", 0L)");
    }
    return String.join(" * ", f);
  }

  /**
   * C expression: the number of taps inside the padded input (input plus both pads, not the
   * ceil-mode overhang). Taps never start before the begin padding, so only the end bounds them.
   */
  String paddedCount() {
    List<String> f = new ArrayList<>();
    for (int a = 0; a < g.rank(); a++) {
      long end = g.input()[a] + g.padEnd()[a];
      f.add("min(" + g.kernel()[a] + "L, " + ceilDiv(end + "L - " + starts.get(a), g.dilations()[a]) + ")");
    }
    return String.join(" * ", f);
  }
}
