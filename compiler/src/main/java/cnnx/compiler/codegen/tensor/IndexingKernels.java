package cnnx.compiler.codegen.tensor;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ops.tensor.ArgOp;
import cnnx.compiler.ops.tensor.GatherNdOp;
import cnnx.compiler.ops.tensor.Scatter;
import cnnx.compiler.ops.tensor.TopKOp;
import cnnx.compiler.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * ArgMax/ArgMin, TopK, GatherElements, GatherND, ScatterElements and ScatterND as element
 * emitters: each output element loops over what it depends on, in the order the reference visits
 * it (so sums round alike and the last of duplicate scatter writes wins alike). Runtime indices
 * count from the end when negative and are clamped so a kernel never reads outside its inputs.
 */
final class IndexingKernels {
  private IndexingKernels() {}

  /** Index expression normalised (negative counts from the end) and clamped into [0, dim). */
  private static String index(ElementContext ctx, String raw, int dim) {
    String r = ctx.declare("long", "raw", raw);
    return ctx.declare("long", "ix", "clamp(" + r + " < 0L ? " + r + " + " + dim + "L : " + r + ", 0L, "
        + Math.max(0, dim - 1) + "L)");
  }

  static void arg(ElementContext ctx) {
    int[] in = ctx.inputShape(0);
    int axis = ArgOp.axis(ctx.node(), in.length);
    boolean keep = ctx.node().intAttr("keepdims", 1) == 1;
    boolean max = ctx.node().opType().equals("ArgMax");
    boolean last = ctx.node().intAttr("select_last_index", 0) == 1;
    String k = ctx.fresh("k");
    List<String> at0 = new ArrayList<>();
    List<String> atK = new ArrayList<>();
    for (int a = 0; a < in.length; a++) {
      String c = a == axis ? null : ctx.coord(keep || a < axis ? a : a - 1);
      at0.add(c == null ? "0" : c);
      atK.add(c == null ? k : c);
    }
    String t = ctx.inputType(0).openClType();
    String best = ctx.declare(t, "best", ctx.load(0, at0));
    String bi = ctx.declare("long", "bi", "0L");
    String v = ctx.fresh("v");
    String cmp = max ? ">" : "<";
    ctx.statement("for (long " + k + " = 1; " + k + " < " + in[axis] + "L; " + k + "++) {\n"
        + "  " + t + " " + v + " = " + ctx.load(0, atK) + ";\n"
        + "  if (" + v + " " + cmp + " " + best + (last ? " || " + v + " == " + best : "") + ") { " + best + " = " + v
        + "; " + bi + " = " + k + "; }\n}");
    ctx.result(bi);
  }

  /** The element of rank j along the axis: the one that exactly j others precede (value, then index). */
  static void topK(ElementContext ctx) {
    int[] in = ctx.inputShape(0);
    int axis = TopKOp.axis(ctx.node(), in.length);
    boolean largest = ctx.node().intAttr("largest", 1) == 1;
    int n = in[axis];
    String i = ctx.fresh("i");
    String m = ctx.fresh("m");
    List<String> atI = Coords.with(Coords.output(ctx), axis, i);
    List<String> atM = Coords.with(Coords.output(ctx), axis, m);
    String t = ctx.inputType(0).openClType();
    String found = ctx.declare("long", "found", "0L");
    String vi = ctx.fresh("vi");
    String vm = ctx.fresh("vm");
    String rank = ctx.fresh("rank");
    String before = largest ? ">" : "<";
    ctx.statement("for (long " + i + " = 0; " + i + " < " + n + "L; " + i + "++) {\n"
        + "  " + t + " " + vi + " = " + ctx.load(0, atI) + ";\n"
        + "  long " + rank + " = 0;\n"
        + "  for (long " + m + " = 0; " + m + " < " + n + "L; " + m + "++) {\n"
        + "    " + t + " " + vm + " = " + ctx.load(0, atM) + ";\n"
        + "    if (" + vm + " " + before + " " + vi + " || (" + vm + " == " + vi + " && " + m + " < " + i + ")) "
        + rank + "++;\n"
        + "  }\n"
        + "  if (" + rank + " == " + ctx.coord(axis) + ") { " + found + " = " + i + "; break; }\n}");
    ctx.result(ctx.output() == 0 ? ctx.load(0, Coords.with(Coords.output(ctx), axis, found)) : found);
  }

  /** Sums in the reference's order: from the start (or the end, reversed) up to this element. */
  static void gatherElements(ElementContext ctx) {
    int[] data = ctx.inputShape(0);
    int axis = Shapes.normalizeAxis(ctx.node().intAttr("axis", 0), data.length);
    String ix = index(ctx, ctx.load(1, Coords.output(ctx)), data[axis]);
    ctx.result(ctx.load(0, Coords.with(Coords.output(ctx), axis, ix)));
  }

  static void gatherNd(ElementContext ctx) {
    int[] data = ctx.inputShape(0);
    int[] indices = ctx.inputShape(1);
    TensorType dt = TensorType.of(DataType.FLOAT, data);
    TensorType it = TensorType.of(DataType.INT64, indices);
    int k = GatherNdOp.tupleLength(ctx.node(), dt, it);
    int b = (int) ctx.node().intAttr("batch_dims", 0);
    int q = indices.length;
    List<String> lead = new ArrayList<>();
    for (int a = 0; a < q - 1; a++) {
      lead.add(ctx.coord(a));
    }
    List<String> coords = new ArrayList<>();
    for (int a = 0; a < b; a++) {
      coords.add(ctx.coord(a));
    }
    for (int j = 0; j < k; j++) {
      List<String> at = new ArrayList<>(lead);
      at.add(Integer.toString(j));
      coords.add(index(ctx, ctx.load(1, at), data[b + j]));
    }
    for (int a = b + k; a < data.length; a++) {
      coords.add(ctx.coord(q - 1 + a - b - k));
    }
    ctx.result(ctx.load(0, coords));
  }

  /** acc combined with update by the reduction, as the reference does. */
  private static String reduce(Scatter.Reduction r, String acc, String update) {
    return switch (r) {
      case NONE -> update;
      case ADD -> acc + " + " + update;
      case MUL -> acc + " * " + update;
      case MAX -> "(" + update + " > " + acc + " ? " + update + " : " + acc + ")";
      case MIN -> "(" + update + " < " + acc + " ? " + update + " : " + acc + ")";
    };
  }

  /** Every update along the axis whose index lands on this element, in order. */
  static void scatterElements(ElementContext ctx) {
    int[] data = ctx.inputShape(0);
    int[] idx = ctx.inputShape(1);
    int axis = Shapes.normalizeAxis(ctx.node().intAttr("axis", 0), data.length);
    Scatter.Reduction r = Scatter.Reduction.of(ctx.node());
    String t = ctx.inputType(0).openClType();
    String acc = ctx.declare(t, "acc", ctx.load(0, Coords.output(ctx)));
    StringBuilder inside = new StringBuilder("1");
    for (int a = 0; a < data.length; a++) {
      if (a != axis && idx[a] < data[a]) {
        inside.append(" && ").append(ctx.coord(a)).append(" < ").append(idx[a]).append('L');
      }
    }
    String j = ctx.fresh("j");
    String raw = ctx.fresh("raw");
    List<String> at = Coords.with(Coords.output(ctx), axis, j);
    int dim = data[axis];
    ctx.statement("if (" + inside + ") {\n"
        + "  for (long " + j + " = 0; " + j + " < " + idx[axis] + "L; " + j + "++) {\n"
        + "    long " + raw + " = " + ctx.load(1, at) + ";\n"
        + "    if ((" + raw + " < 0L ? " + raw + " + " + dim + "L : " + raw + ") == " + ctx.coord(axis) + ") "
        + acc + " = " + reduce(r, acc, ctx.load(2, at)) + ";\n"
        + "  }\n}");
    ctx.result(acc);
  }

  /** Every index tuple that addresses this element's slice, in order. */
  static void scatterNd(ElementContext ctx) {
    int[] data = ctx.inputShape(0);
    int[] idx = ctx.inputShape(1);
    int k = idx[idx.length - 1];
    int tuples = Shapes.size(idx) / Math.max(1, k);
    Scatter.Reduction r = Scatter.Reduction.of(ctx.node());
    String t = ctx.inputType(0).openClType();
    String acc = ctx.declare(t, "acc", ctx.load(0, Coords.output(ctx)));
    String tv = ctx.fresh("t");
    StringBuilder match = new StringBuilder("1");
    for (int j = 0; j < k; j++) {
      String raw = "(" + ctx.loadFlat(1, tv + " * " + k + "L + " + j + "L") + ")";
      match.append(" && ((").append(raw).append(" < 0L ? ").append(raw).append(" + ").append(data[j])
          .append("L : ").append(raw).append(") == ").append(ctx.coord(j)).append(')');
    }
    int slice = Shapes.product(data, k, data.length);
    List<String> rest = new ArrayList<>();
    for (int a = k; a < data.length; a++) {
      rest.add(ctx.coord(a));
    }
    int[] restShape = java.util.Arrays.copyOfRange(data, k, data.length);
    String within = ElementContext.rowMajorIndex(restShape, rest);
    String update = ctx.loadFlat(2, tv + " * " + slice + "L + " + within);
    ctx.statement("for (long " + tv + " = 0; " + tv + " < " + tuples + "L; " + tv + "++) {\n"
        + "  if (" + match + ") " + acc + " = " + reduce(r, acc, update) + ";\n}");
    ctx.result(acc);
  }
}
