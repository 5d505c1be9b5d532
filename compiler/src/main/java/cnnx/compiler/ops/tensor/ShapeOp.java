package cnnx.compiler.ops.tensor;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import java.util.List;

/** Shape: the input's dims [start, end) as int64; negative bounds count from the end, then clamp. */
public final class ShapeOp implements OpDef {
  @Override
  public String opType() {
    return "Shape";
  }

  @Override
  public OpCategory category() {
    return OpCategory.SHAPE;
  }

  /** [start, end) of the dims to report, clamped to [0, rank]. */
  public static int[] range(Node node, int rank) {
    long start = node.intAttr("start", 0);
    long end = node.intAttr("end", rank);
    start = clamp(start < 0 ? start + rank : start, rank);
    end = clamp(end < 0 ? end + rank : end, rank);
    return new int[] {(int) start, (int) Math.max(start, end)};
  }

  private static long clamp(long v, int rank) {
    return Math.max(0, Math.min(rank, v));
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    IndexInputs.checkArity(ctx, 1, 1);
    int[] r = range(ctx.node(), ctx.inputType(0).rank());
    return List.of(new TensorType(DataType.INT64, List.of(Dim.of(r[1] - r[0]))));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    int[] r = range(node, x.rank());
    long[] dims = new long[r[1] - r[0]];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = x.dim(r[0] + i);
    }
    return List.of(Tensor.vector(dims));
  }
}
