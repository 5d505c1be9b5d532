package cnnx.compiler.codegen.tensor;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.ops.tensor.PadOp;
import java.util.ArrayList;
import java.util.List;

/**
 * Pad (constant, reflect, edge, wrap) with pads, axes and, when constant, the fill value baked
 * in. Negative pads crop first; reflect, edge and wrap then read from the kept range [lo, hi).
 */
final class PadKernel {
  private PadKernel() {}

  static void emit(ElementContext ctx) {
    int[] in = ctx.inputShape(0);
    int rank = in.length;
    PadOp.Plan plan = PadOp.plan(ctx.node(), Coords.dims(in), Coords.requireLongs(ctx, 1, "pads"),
        Coords.optionalLongs(ctx, 3, "axes"));
    long[] begin = plan.begin();
    long[] end = plan.end();
    PadOp.Mode mode = PadOp.mode(ctx.node());
    List<String> coords = new ArrayList<>();
    List<String> inside = new ArrayList<>();
    for (int k = 0; k < rank; k++) {
      long lo = Math.max(0, -begin[k]);
      long kept = in[k] - lo - Math.max(0, -end[k]);
      long pre = Math.max(0, begin[k]);
      // j: the coordinate relative to the kept range
      String j = Coords.plus(ctx.coord(k), -pre);
      if (begin[k] <= 0 && end[k] <= 0) {
        coords.add(Coords.plus(j, lo));
        continue;
      }
      String jv = ctx.declare("long", "j", j);
      String src = switch (mode) {
        case CONSTANT -> {
          inside.add("(" + jv + " >= 0 && " + jv + " < " + kept + "L)");
          yield jv;
        }
        case EDGE -> "clamp(" + jv + ", 0L, " + (kept - 1) + "L)";
        case WRAP -> Coords.floorMod(jv, kept);
        case REFLECT -> reflect(ctx, jv, kept);
      };
      coords.add(Coords.plus(src, lo));
    }
    String load = ctx.load(0, coords);
    if (inside.isEmpty()) {
      ctx.result(load);
      return;
    }
    String fill = ctx.hasInput(2)
        ? ctx.constant(2).map(t -> Coords.literal(t, ctx.outputType())).orElseGet(() -> ctx.loadFlat(2, "0"))
        : Coords.zero(ctx.outputType());
    ctx.result("(" + String.join(" && ", inside) + ") ? " + load + " : " + fill);
  }

  /** Mirror without repeating the edge element: period 2(n-1), as numpy's reflect. */
  private static String reflect(ElementContext ctx, String j, long n) {
    if (n == 1) {
      return "0L";
    }
    long period = 2 * (n - 1);
    String r = ctx.declare("long", "r", Coords.floorMod(j, period));
    return "(" + r + " < " + n + "L ? " + r + " : " + period + "L - " + r + ")";
  }
}
