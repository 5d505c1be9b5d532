package cnnx.compiler.codegen.quant;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.codegen.KernelLibrary;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ops.spatial.IntegerConv;
import cnnx.compiler.ops.spatial.WindowGeometry;
import java.util.ArrayList;
import java.util.List;

/**
 * MatMulInteger, QLinearMatMul, ConvInteger and QLinearConv as direct kernels: one work-item per
 * output element sums (x - x_zero_point) * (w - w_zero_point) over its window in int64, wraps it to
 * int32, and (for the QLinear ops) requantizes with the float32 multiplier in its epilogue:
 * saturate(rint((float) acc * x_scale * w_scale[c] / y_scale) + y_zero_point). Padding contributes
 * nothing, as padding with the zero point does.
 */
final class IntegerKernels {
  private IntegerKernels() {}

  static void register(KernelLibrary.Builder b) {
    b.emitter("MatMulInteger", ctx -> matMul(ctx, false))
        .emitter("QLinearMatMul", ctx -> matMul(ctx, true))
        .emitter("ConvInteger", ctx -> conv(ctx, false))
        .emitter("QLinearConv", ctx -> conv(ctx, true));
  }

  /** Input i's value at index {@code at}, or at 0 when it holds one value (shared parameter). */
  private static String shared(ElementContext ctx, int input, String at) {
    if (!ctx.hasInput(input)) {
      return "0L";
    }
    int n = 1;
    for (int d : ctx.inputShape(input)) {
      n *= d;
    }
    return ctx.loadFlat(input, n == 1 ? "0" : at);
  }

  private static void matMul(ElementContext ctx, boolean qlinear) {
    int ai = 0;
    int bi = qlinear ? 3 : 1;
    int[] a = ctx.inputShape(ai);
    int[] b = ctx.inputShape(bi);
    int[] out = ctx.outputShape();
    if (a.length < 2 || b.length < 2) {
      throw new UnsupportedModelException(ctx.node().describe() + ": 1-D operands have no OpenCL kernel");
    }
    int r = out.length;
    String row = ctx.coord(r - 2);
    String col = ctx.coord(r - 1);
    String k = ctx.fresh("k");
    List<String> ac = batch(ctx, a, r);
    ac.add(row);
    ac.add(k);
    List<String> bc = batch(ctx, b, r);
    bc.add(k);
    bc.add(col);
    String az = shared(ctx, qlinear ? 2 : 2, row);
    String bz = shared(ctx, qlinear ? 5 : 3, col);
    String acc = ctx.declare("long", "acc", "0L");
    ctx.statement("for (long " + k + " = 0; " + k + " < " + a[a.length - 1] + "L; " + k + "++) { " + acc + " += ("
        + ctx.load(ai, ac) + " - " + az + ") * (" + ctx.load(bi, bc) + " - " + bz + "); }");
    String wrapped = "(long)(int)" + acc;
    if (!qlinear) {
      ctx.result(wrapped);
      return;
    }
    String m = ctx.declare("float", "m", shared(ctx, 1, row) + " * " + shared(ctx, 4, col) + " / "
        + ctx.loadFlat(6, "0"));
    ctx.result(QuantKernels.saturate("(float)(int)" + acc + " * " + m, ctx.loadFlat(7, "0"),
        ctx.outputDataType()));
  }

  /** An operand's batch coordinates, right-aligned to the output's; broadcast dims read 0. */
  private static List<String> batch(ElementContext ctx, int[] shape, int outRank) {
    List<String> c = new ArrayList<>();
    int lead = outRank - shape.length;
    for (int i = 0; i < shape.length - 2; i++) {
      c.add(shape[i] == 1 ? "0L" : ctx.coord(i + lead));
    }
    return c;
  }

  private static void conv(ElementContext ctx, boolean qlinear) {
    int xi = 0;
    int wi = qlinear ? 3 : 1;
    WindowGeometry g = IntegerConv.geometry(StaticShapes.of(ctx), xi, wi);
    int[] w = ctx.inputShape(wi);
    int r = g.rank();
    long group = ctx.node().intAttr("group", 1);
    long perGroup = w[0] / group;
    String oc = ctx.coord(1);
    String first = ctx.declare("long", "c0", "(" + oc + " / " + perGroup + "L) * " + w[1] + "L");
    String xz = qlinear ? ctx.loadFlat(2, "0") : shared(ctx, 2, "0");
    String wz = shared(ctx, qlinear ? 5 : 3, oc);
    String acc = ctx.declare("long", "acc", "0L");
    String c = ctx.fresh("c");
    StringBuilder open = new StringBuilder("for (long " + c + " = 0; " + c + " < " + w[1] + "L; " + c + "++) { ");
    StringBuilder close = new StringBuilder(" }");
    List<String> xc = new ArrayList<>(List.of(ctx.coord(0), first + " + " + c));
    List<String> wc = new ArrayList<>(List.of(oc, c));
    StringBuilder inside = new StringBuilder();
    for (int i = 0; i < r; i++) {
      String k = ctx.fresh("k");
      String at = ctx.fresh("i");
      open.append("for (long ").append(k).append(" = 0; ").append(k).append(" < ").append(g.kernel()[i])
          .append("L; ").append(k).append("++) { long ").append(at).append(" = ").append(ctx.coord(2 + i))
          .append(" * ").append(g.strides()[i]).append("L - ").append(g.padBegin()[i]).append("L + ").append(k)
          .append(" * ").append(g.dilations()[i]).append("L; ");
      close.append(" }");
      inside.append(inside.length() == 0 ? "" : " && ").append(at).append(" >= 0 && ").append(at).append(" < ")
          .append(g.input()[i]).append('L');
      xc.add(at);
      wc.add(k);
    }
    String body = "if (" + inside + ") { " + acc + " += (" + ctx.load(xi, xc) + " - " + xz + ") * ("
        + ctx.load(wi, wc) + " - " + wz + "); }";
    ctx.statement(open + body + close);
    if (!qlinear) {
      ctx.result("(long)(int)" + acc);
      return;
    }
    String bias = ctx.hasInput(8) ? ctx.loadFlat(8, oc) : "0L";
    String m = ctx.declare("float", "m", ctx.loadFlat(1, "0") + " * " + shared(ctx, 4, oc) + " / "
        + ctx.loadFlat(6, "0"));
    ctx.result(QuantKernels.saturate("(float)(int)(" + acc + " + " + bias + ") * " + m, ctx.loadFlat(7, "0"),
        ctx.outputDataType()));
  }

}
