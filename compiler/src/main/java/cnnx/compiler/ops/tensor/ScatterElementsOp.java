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
 * ScatterElements-18: a copy of data with out[indices[i][j]][j] (axis 0) combined with
 * updates[i][j] by the reduction, update elements taken in row-major order (so with "none" the
 * last duplicate wins).
 */
public final class ScatterElementsOp implements OpDef {
  @Override
  public String opType() {
    return "ScatterElements";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OPAQUE;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Node node = ctx.node();
    if (ctx.inputCount() != 3 || node.outputs().size() != 1) {
      throw node.invalid("expects inputs data, indices, updates and one output");
    }
    TensorType data = ctx.inputType(0);
    TensorType indices = ctx.inputType(1);
    TensorType updates = ctx.inputType(2);
    IndexInputs.checkType(node, indices, "indices", IndexInputs.INT32_OR_64);
    Scatter.checkSameRank(node, data, indices, "indices");
    Scatter.checkSameShape(node, indices, updates, "updates");
    if (updates.dtype() != data.dtype()) {
      throw node.invalid("updates must be " + data.dtype() + ", are " + updates.dtype());
    }
    IndexInputs.axis(node, node.intAttr("axis", 0), data.rank(), "axis");
    Scatter.Reduction.of(node);
    return List.of(data);
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    inferTypes(new cnnx.compiler.ops.ConcreteContext(node, inputs));
    Tensor data = inputs.get(0);
    Tensor indices = inputs.get(1);
    int axis = IndexInputs.axis(node, node.intAttr("axis", 0), data.rank(), "axis");
    Scatter.Reduction r = Scatter.Reduction.of(node);
    int[] shape = indices.shape();
    int[] strides = Shapes.strides(data.shape());
    Object out = data.isFloating() ? data.floats().clone() : data.longs().clone();
    Object updates = Elements.array(inputs.get(2));
    long[] idx = indices.longs();
    int[] coord = new int[shape.length];
    for (int e = 0; e < idx.length; e++) {
      Scatter.unravel(e, shape, coord);
      int to = 0;
      for (int a = 0; a < shape.length; a++) {
        int c = a == axis ? GatherOp.index(node, idx[e], data.dim(axis), axis) : coord[a];
        if (c >= data.dim(a)) {
          throw node.invalid("indices of shape " + indices.type() + " reach past data " + data.type());
        }
        to += c * strides[a];
      }
      Scatter.store(out, to, updates, e, r);
    }
    return List.of(Elements.wrap(data.dtype(), data.shape(), out));
  }
}
