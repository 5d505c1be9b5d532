package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ops.OpRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * MaxPool (with its Indices output), AveragePool and LpPool as element emitters: one work-item per
 * output element loops over its window, with the reference's geometry baked in as literals. Sums
 * accumulate in float (the reference uses double): tests allow for that.
 */
final class PoolEmitters {
  private PoolEmitters() {}

  private static PoolGeometry geometry(ElementContext ctx) {
    return PoolGeometry.of(ctx.node(), ctx.inputShape(0), ctx.outputShape());
  }

  /**
   * The first largest tap in window order; padding never wins. Output 1 (Indices) is the flat
   * index of that tap in X, its spatial part column-major under storage_order 1. A window with no
   * tap inside the input gives the lowest value of the type and index -1.
   */
  static void maxPool(ElementContext ctx) {
    Node node = ctx.node();
    PoolGeometry g = geometry(ctx);
    int[] x = ctx.inputShape(0);
    WindowLoops w = WindowLoops.bounds(ctx, g);
    String best = ctx.declare("float", "best", ElementContext.floatLiteral(-Float.MAX_VALUE));
    String at = ctx.declare("long", "at", "-1L");
    List<String> p = w.open();
    String v = ctx.declare("float", "v", ctx.load(0, w.inputCoords(p)));
    boolean columnMajor = node.intAttr("storage_order", 0) == 1;
    // As the reference and ONNX Runtime: a larger tap or a NaN replaces the best; any tap replaces a NaN.
    ctx.statement("if (" + v + " > " + best + " || isnan(" + v + ") || isnan(" + best + ")) { " + best + " = " + v + "; " + at + " = "
        + inPlaneOffset(p, x, columnMajor) + "; }");
    w.close();
    if (ctx.output() == 0) {
      // An int8/uint8 X is pooled as exact floats; a window of padding only gives the type's lowest value.
      DataType t = ctx.outputDataType();
      ctx.result(t.isFloating() ? best : "(" + best + " == " + ElementContext.floatLiteral(-Float.MAX_VALUE) + " ? "
          + (t == DataType.INT8 ? "-128.0f" : "0.0f") + " : " + best + ")");
      return;
    }
    long plane = Shapes.size(x) / Math.max(1, (long) x[0] * x[1]);
    ctx.result(at + " < 0 ? -1L : (" + ctx.coord(0) + " * " + x[1] + "L + " + ctx.coord(1) + ") * " + plane
        + "L + " + at);
  }

  /** Row-major offset of the spatial coordinates in one plane, or column-major (first axis fastest). */
  private static String inPlaneOffset(List<String> p, int[] x, boolean columnMajor) {
    int r = p.size();
    long[] stride = new long[r];
    long acc = 1;
    for (int k = 0; k < r; k++) {
      int a = columnMajor ? k : r - 1 - k;
      stride[a] = acc;
      acc *= x[a + 2];
    }
    List<String> terms = new ArrayList<>();
    for (int a = 0; a < r; a++) {
      terms.add(stride[a] == 1 ? p.get(a) : p.get(a) + " * " + stride[a] + "L");
    }
    return String.join(" + ", terms);
  }

  /**
   * The window mean: divided by the taps inside the input or, with count_include_pad, inside the
   * padded input; 0 for a window with no tap inside the input.
   */
  static void averagePool(ElementContext ctx) {
    PoolGeometry g = geometry(ctx);
    boolean includePad = ctx.node().intAttr("count_include_pad", 0) == 1;
    WindowLoops w = WindowLoops.bounds(ctx, g);
    String sum = ctx.declare("float", "sum", "0.0f");
    List<String> p = w.open();
    ctx.statement(sum + " += " + ctx.load(0, w.inputCoords(p)) + ";");
    w.close();
    String count = ctx.declare("long", "count", w.insideCount());
    String divisor = includePad ? ctx.declare("long", "divisor", w.paddedCount()) : count;
    ctx.result(count + " == 0 ? 0.0f : " + sum + " / (float) " + divisor);
  }

  /** {@code (sum |x|^p)^(1/p)} over the taps inside the input. */
  static void lpPool(ElementContext ctx) {
    PoolGeometry g = geometry(ctx);
    long p = OpRegistry.standard().intAttr(ctx.node(), "p");
    if (p < 1 || p > Integer.MAX_VALUE) {
      throw ctx.node().invalid("attribute 'p' must be at least 1, is " + p);
    }
    WindowLoops w = WindowLoops.bounds(ctx, g);
    String sum = ctx.declare("float", "sum", "0.0f");
    List<String> taps = w.open();
    String v = ctx.declare("float", "v", ctx.load(0, w.inputCoords(taps)));
    String power = p == 1 ? "fabs(" + v + ")" : p == 2 ? v + " * " + v : "pown(fabs(" + v + "), " + p + ")";
    ctx.statement(sum + " += " + power + ";");
    w.close();
    ctx.result(p == 1 ? sum : p == 2 ? "sqrt(" + sum + ")" : "rootn(" + sum + ", " + p + ")");
  }
}
