package cnnx.compiler.codegen.tensor;

import cnnx.compiler.codegen.ElementContext;
import java.util.ArrayList;
import java.util.List;

/** Pure index permutations: Transpose, DepthToSpace, SpaceToDepth, Tile, Expand. */
final class LayoutKernels {
  private LayoutKernels() {}

  /** Output axis k is input axis perm[k]; perm defaults to reversing the axes. */
  static void transpose(ElementContext ctx) {
    int rank = ctx.inputShape(0).length;
    long[] perm = ctx.node().intsAttr("perm");
    String[] in = new String[rank];
    for (int k = 0; k < rank; k++) {
      in[perm == null ? rank - 1 - k : (int) perm[k]] = ctx.coord(k);
    }
    ctx.result(ctx.load(0, List.of(in)));
  }

  /**
   * Output (n, c, h, w) reads input channel block (h % b, w % b) at (h / b, w / b); DCR puts the
   * block offset in the outer channel bits, CRD in the inner ones.
   */
  static void depthToSpace(ElementContext ctx) {
    long b = ctx.node().intAttr("blocksize", 0);
    long c = ctx.outputShape()[1];
    boolean crd = ctx.node().stringAttr("mode", "DCR").equals("CRD");
    String bh = ctx.declare("long", "bh", ctx.coord(2) + " % " + b + "L");
    String bw = ctx.declare("long", "bw", ctx.coord(3) + " % " + b + "L");
    String channel = crd
        ? ctx.coord(1) + " * " + b * b + "L + " + bh + " * " + b + "L + " + bw
        : bh + " * " + b * c + "L + " + bw + " * " + c + "L + " + ctx.coord(1);
    ctx.result(ctx.load(0, List.of(ctx.coord(0), channel, ctx.coord(2) + " / " + b + "L",
        ctx.coord(3) + " / " + b + "L")));
  }

  /**
   * Output channel (bh * b + bw) * C + c (DCR) or c * b * b + bh * b + bw (CRD) reads input
   * (c, h * b + bh, w * b + bw).
   */
  static void spaceToDepth(ElementContext ctx) {
    long b = ctx.node().intAttr("blocksize", 0);
    long c = ctx.inputShape(0)[1];
    boolean crd = ctx.node().stringAttr("mode", "DCR").equals("CRD");
    String oc = ctx.coord(1);
    String bw = ctx.declare("long", "bw", crd ? oc + " % " + b + "L" : "(" + oc + " / " + c + "L) % " + b + "L");
    String bh = ctx.declare("long", "bh", crd ? "(" + oc + " / " + b + "L) % " + b + "L" : oc + " / " + c * b + "L");
    String ic = crd ? oc + " / " + b * b + "L" : oc + " % " + c + "L";
    ctx.result(ctx.load(0, List.of(ctx.coord(0), ic,
        ctx.coord(2) + " * " + b + "L + " + bh, ctx.coord(3) + " * " + b + "L + " + bw)));
  }

  /** Each output coordinate wraps around the input's extent. */
  static void tile(ElementContext ctx) {
    int[] in = ctx.inputShape(0);
    int[] out = ctx.outputShape();
    List<String> coords = new ArrayList<>();
    for (int k = 0; k < in.length; k++) {
      coords.add(in[k] == out[k] || in[k] == 1 ? ctx.coord(k) : ctx.coord(k) + " % " + in[k] + "L");
    }
    ctx.result(ctx.load(0, coords));
  }

  /** Numpy broadcast of the input to the output; may run fused, reading its operand broadcast. */
  static void expand(ElementContext ctx) {
    ctx.result(ctx.loadBroadcast(0));
  }
}
