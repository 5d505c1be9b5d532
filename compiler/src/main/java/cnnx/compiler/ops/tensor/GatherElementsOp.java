package cnnx.compiler.ops.tensor;

import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import java.util.List;

/**
 * GatherElements: out[i][j][k] = data[indices[i][j][k]][j][k] (for axis 0; likewise for others).
 * Indices have data's rank and shape the output; negative indices count from the end.
 */
public final class GatherElementsOp implements OpDef {
  @Override
  public String opType() {
    return "GatherElements";
  }

  @Override
  public OpCategory category() {
    return OpCategory.INJECTIVE;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    IndexInputs.checkArity(ctx, 2, 2);
    TensorType data = ctx.inputType(0);
    TensorType indices = ctx.inputType(1);
    IndexInputs.checkType(ctx.node(), indices, "indices", IndexInputs.INT32_OR_64);
    Scatter.checkSameRank(ctx.node(), data, indices, "indices");
    IndexInputs.axis(ctx.node(), ctx.node().intAttr("axis", 0), data.rank(), "axis");
    return List.of(new TensorType(data.dtype(), indices.dims()));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    inferTypes(new cnnx.compiler.ops.ConcreteContext(node, inputs));
    Tensor data = inputs.get(0);
    Tensor indices = inputs.get(1);
    int axis = IndexInputs.axis(node, node.intAttr("axis", 0), data.rank(), "axis");
    int[] shape = indices.shape();
    int[] dataStrides = Shapes.strides(data.shape());
    long[] idx = indices.longs();
    Object src = Elements.array(data);
    Object out = Elements.allocate(data.dtype(), idx.length);
    int[] coord = new int[shape.length];
    for (int e = 0; e < idx.length; e++) {
      Scatter.unravel(e, shape, coord);
      int from = 0;
      for (int a = 0; a < shape.length; a++) {
        int c = a == axis ? GatherOp.index(node, idx[e], data.dim(axis), axis) : coord[a];
        if (c >= data.dim(a)) {
          throw node.invalid("indices of shape " + indices.type() + " reach past data " + data.type());
        }
        from += c * dataStrides[a];
      }
      System.arraycopy(src, from, out, e, 1);
    }
    return List.of(Elements.wrap(data.dtype(), shape, out));
  }
}
