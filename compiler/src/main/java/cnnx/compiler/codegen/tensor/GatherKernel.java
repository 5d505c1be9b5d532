package cnnx.compiler.codegen.tensor;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ops.tensor.GatherOp;
import cnnx.kernels.plan.ErrorFlag;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gather: output coordinates are data[:axis] + indices + data[axis+1:]. Constant indices are
 * checked and normalised at compile time and baked in (a literal, or a table when small);
 * runtime indices are loaded, and a negative one counts from the end. A runtime index still out
 * of range raises the plan's error flag and is clamped so the kernel never reads outside the data.
 */
final class GatherKernel {
  /** Larger constant index tensors are read from their buffer instead of being baked. */
  private static final int MAX_BAKED = 4096;

  private GatherKernel() {}

  static void emit(ElementContext ctx) {
    int[] data = ctx.inputShape(0);
    int[] indices = ctx.inputShape(1);
    int axis = Shapes.normalizeAxis(ctx.node().intAttr("axis", 0), data.length);
    int q = indices.length;
    int dim = data[axis];
    List<String> idxCoords = new ArrayList<>();
    for (int k = 0; k < q; k++) {
      idxCoords.add(ctx.coord(axis + k));
    }
    Optional<long[]> constant = Coords.longs(ctx, 1);
    String index;
    if (constant.isPresent() && constant.get().length <= MAX_BAKED) {
      int[] normalized = normalize(ctx, constant.get(), dim, axis);
      index = normalized.length == 1
          ? normalized[0] + "L"
          : Coords.intTable(ctx, "gather_idx", normalized) + "[" + ElementContext.rowMajorIndex(indices, idxCoords) + "]";
    } else {
      String raw = ctx.declare("long", "i", ctx.load(1, idxCoords));
      ctx.flagError(raw + " < -" + dim + "L || " + raw + " >= " + dim + "L", ErrorFlag.INDEX_OUT_OF_RANGE);
      index = ctx.declare("long", "ix", "clamp(" + raw + " < 0 ? " + raw + " + " + dim + "L : " + raw + ", 0L, "
          + (dim - 1) + "L)");
    }
    List<String> coords = new ArrayList<>();
    for (int a = 0; a < data.length; a++) {
      coords.add(a < axis ? ctx.coord(a) : a == axis ? index : ctx.coord(a - 1 + q));
    }
    ctx.result(ctx.load(0, coords));
  }

  private static int[] normalize(ElementContext ctx, long[] raw, int dim, int axis) {
    int[] out = new int[raw.length];
    for (int k = 0; k < raw.length; k++) {
      out[k] = GatherOp.index(ctx.node(), raw[k], dim, axis);
    }
    return out;
  }
}
