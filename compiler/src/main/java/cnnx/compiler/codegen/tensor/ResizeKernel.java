package cnnx.compiler.codegen.tensor;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.kernels.plan.ElementType;
import java.util.ArrayList;
import java.util.List;

/**
 * Resize as one gather per output element: each resized axis contributes baked tables of input
 * indices and weights (see {@link ResizeTaps}); nearest reads one element, linear and cubic sum
 * the product of the axes' weights over all 2^r or 4^r neighbours (multilinear / multicubic, the
 * same as the reference's axis-by-axis passes, but accumulated in float). An output whose
 * coordinate on any cropped axis falls outside the input is the extrapolation value.
 */
final class ResizeKernel {
  private ResizeKernel() {}

  static void emit(ElementContext ctx) {
    if (ctx.inputType(0) != ElementType.FLOAT) {
      throw new UnsupportedModelException(ctx.node().describe() + ": resizing integer data is not supported");
    }
    int[] in = ctx.inputShape(0);
    int[] out = ctx.outputShape();
    ResizeTaps.Attributes a = ResizeTaps.Attributes.parse(ctx.node(), in.length);
    float[] scales = ResizeTaps.scales(ctx, a, in);
    float[][] roi = ResizeTaps.roi(ctx, a, in.length);
    List<String> coords = new ArrayList<>();
    List<String> outside = new ArrayList<>();
    List<Axis> resized = new ArrayList<>();
    for (int k = 0; k < in.length; k++) {
      ResizeTaps taps = ResizeTaps.of(a, in[k], out[k], scales[k], roi[0][k], roi[1][k]);
      if (taps.isIdentity(in[k])) {
        coords.add(ctx.coord(k));
        continue;
      }
      String index = Coords.intTable(ctx, "rz_index", taps.index);
      String weight = taps.taps == 1 ? null : Coords.floatTable(ctx, "rz_weight", taps.floatWeights());
      String base = taps.taps == 1 ? ctx.coord(k) : ctx.declare("long", "rz_base", ctx.coord(k) + " * " + taps.taps + "L");
      if (taps.anyOutside) {
        outside.add(index + "[" + base + "] < 0");
      }
      resized.add(new Axis(k, taps.taps, index, weight, base));
      coords.add(null);
    }
    String extrapolation = ElementContext.floatLiteral(ctx.node().floatAttr("extrapolation_value", 0f));
    String acc = ctx.declare("float", "acc", outside.isEmpty() ? "0.0f" : extrapolation);
    if (!outside.isEmpty()) {
      ctx.statement("if (!(" + String.join(" || ", outside) + ")) {");
    }
    if (a.mode() == ResizeTaps.Mode.NEAREST) {
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

  private record Axis(int axis, int taps, String index, String weight, String base) {}
}
