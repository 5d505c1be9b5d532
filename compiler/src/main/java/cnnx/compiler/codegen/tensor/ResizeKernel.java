package cnnx.compiler.codegen.tensor;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ops.tensor.ResizeAttributes;
import cnnx.compiler.ops.tensor.ResizePlan;
import cnnx.compiler.ops.tensor.ResizeTaps;
import cnnx.kernels.plan.ElementType;
import java.util.ArrayList;
import java.util.List;

/**
 * Resize as one gather per output element: each resized axis contributes baked tables of the
 * reference's input indices and weights ({@link ResizePlan}, {@link ResizeTaps}); nearest reads
 * one element, linear and cubic sum the product of the axes' weights over all 2^r or 4^r
 * neighbours (multilinear / multicubic, the same as the reference's axis-by-axis passes, but
 * accumulated in float). An output whose coordinate on any cropped axis falls outside the input
 * is the extrapolation value.
 */
final class ResizeKernel {
  private ResizeKernel() {}

  static void emit(ElementContext ctx) {
    if (ctx.inputType(0) != ElementType.FLOAT) {
      throw new UnsupportedModelException(ctx.node().describe() + ": resizing integer data is not supported");
    }
    int[] in = ctx.inputShape(0);
    int[] out = ctx.outputShape();
    ResizeAttributes a = ResizeAttributes.parse(ctx.node(), in.length);
    ResizePlan plan = ResizePlan.of(ctx.node(), a, Coords.dims(in),
        present(ctx, 1) && a.cropAndResize() ? Coords.requireFloats(ctx, 1, "roi") : null,
        present(ctx, 2) ? Coords.requireFloats(ctx, 2, "scales") : null,
        present(ctx, 3) ? Coords.requireLongs(ctx, 3, "sizes") : null);
    List<String> coords = new ArrayList<>();
    List<String> outside = new ArrayList<>();
    List<Axis> resized = new ArrayList<>();
    for (int k = 0; k < in.length; k++) {
      ResizeTaps taps = ResizeTaps.of(a, in[k], out[k], plan.scales()[k], plan.roiStart()[k], plan.roiEnd()[k]);
      if (taps.isIdentity(in[k])) {
        coords.add(ctx.coord(k));
        continue;
      }
      int n = taps.taps();
      int[] indexTable = new int[out[k] * n];
      float[] weightTable = new float[out[k] * n];
      boolean anyOutside = false;
      for (int o = 0; o < out[k]; o++) {
        anyOutside |= taps.outside(o);
        for (int t = 0; t < n; t++) {
          // -1 in the first tap marks an output index that takes the extrapolation value
          indexTable[o * n + t] = taps.outside(o) ? -1 : taps.index(o, t);
          weightTable[o * n + t] = (float) taps.weight(o, t);
        }
      }
      String index = Coords.intTable(ctx, "rz_index", indexTable);
      String weight = n == 1 ? null : Coords.floatTable(ctx, "rz_weight", weightTable);
      String base = n == 1 ? ctx.coord(k) : ctx.declare("long", "rz_base", ctx.coord(k) + " * " + n + "L");
      if (anyOutside) {
        outside.add(index + "[" + base + "] < 0");
      }
      resized.add(new Axis(k, n, index, weight, base));
      coords.add(null);
    }
    String extrapolation = ElementContext.floatLiteral(a.extrapolationValue());
    String acc = ctx.declare("float", "acc", outside.isEmpty() ? "0.0f" : extrapolation);
    if (!outside.isEmpty()) {
      ctx.statement("if (!(" + String.join(" || ", outside) + ")) {");
    }
    if (a.mode() == ResizeAttributes.Mode.NEAREST) {
      for (Axis x : resized) {
        coords.set(x.axis, x.index + "[" + x.base + "]");
      }
      ctx.statement(acc + " = " + ctx.load(0, coords) + ";");
    } else {
      ctx.statement(acc + " = 0.0f;");
      String w = "1.0f";
      for (Axis x : resized) {
        String t = ctx.fresh("t");
        ctx.statement("for (int " + t + " = 0; " + t + " < " + x.taps + "; " + t + "++) {");
        String tap = ctx.declare("long", "tap", x.base + " + " + t);
        coords.set(x.axis, x.index + "[" + tap + "]");
        w = ctx.declare("float", "w", (w.equals("1.0f") ? "" : w + " * ") + x.weight + "[" + tap + "]");
      }
      // a zero weight contributes nothing even next to an infinite or NaN input, as in the reference
      ctx.statement("if (" + w + " != 0.0f) " + acc + " += " + w + " * " + ctx.load(0, coords) + ";");
      for (int i = 0; i < resized.size(); i++) {
        ctx.statement("}");
      }
    }
    if (!outside.isEmpty()) {
      ctx.statement("}");
    }
    ctx.result(acc);
  }

  /** Given and not an empty tensor (exporters write empty roi and scales for "absent"). */
  private static boolean present(ElementContext ctx, int i) {
    return ctx.hasInput(i) && Shapes.size(ctx.inputShape(i)) > 0;
  }

  private record Axis(int axis, int taps, String index, String weight, String base) {}
}
