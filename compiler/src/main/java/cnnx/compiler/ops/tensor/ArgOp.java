package cnnx.compiler.ops.tensor;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import java.util.ArrayList;
import java.util.List;

/**
 * ArgMax / ArgMin: the int64 index of the largest (smallest) element along {@code axis}; ties go to
 * the first index, or the last with {@code select_last_index}; the axis is kept as 1 unless
 * {@code keepdims} is 0.
 */
public final class ArgOp implements OpDef {
  private final String opType;
  private final boolean max;

  public ArgOp(boolean max) {
    this.max = max;
    this.opType = max ? "ArgMax" : "ArgMin";
  }

  @Override
  public String opType() {
    return opType;
  }

  @Override
  public OpCategory category() {
    return OpCategory.REDUCE;
  }

  /** The axis, resolved against the rank. */
  public static int axis(Node node, int rank) {
    return IndexInputs.axis(node, node.intAttr("axis", 0), Math.max(rank, 1), "axis");
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    IndexInputs.checkArity(ctx, 1, 1);
    TensorType x = ctx.inputType(0);
    if (x.dtype() == DataType.BOOL) {
      throw ctx.node().invalid("input must be numeric, is bool");
    }
    if (x.rank() == 0) {
      throw ctx.node().invalid("input must have rank at least 1");
    }
    int axis = axis(ctx.node(), x.rank());
    List<Dim> dims = new ArrayList<>(x.dims());
    if (ctx.node().intAttr("keepdims", 1) == 0) {
      dims.remove(axis);
    } else {
      dims.set(axis, Dim.of(1));
    }
    return List.of(new TensorType(DataType.INT64, dims));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    TensorType out = inferTypes(new cnnx.compiler.ops.ConcreteContext(node, inputs)).get(0);
    Tensor x = inputs.get(0);
    int[] shape = x.shape();
    int axis = axis(node, shape.length);
    int outer = Shapes.product(shape, 0, axis);
    int n = shape[axis];
    int inner = Shapes.product(shape, axis + 1, shape.length);
    boolean last = node.intAttr("select_last_index", 0) == 1;
    double[] v = Values.asDoubles(x);
    long[] result = new long[outer * inner];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int best = 0;
        for (int k = 1; k < n; k++) {
          double a = v[(o * n + k) * inner + i];
          double b = v[(o * n + best) * inner + i];
          if (max ? a > b || last && a == b : a < b || last && a == b) {
            best = k;
          }
        }
        result[o * inner + i] = best;
      }
    }
    return List.of(Tensor.ofLongs(out.shape(), result));
  }
}
