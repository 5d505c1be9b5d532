package cnnx.compiler.ops.tensor;

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

/** Gather: picks slices along {@code axis} by index; negative indices count from the end. */
public final class GatherOp implements OpDef {
  @Override
  public String opType() {
    return "Gather";
  }

  @Override
  public OpCategory category() {
    return OpCategory.INJECTIVE;
  }

  /** data.dims[:axis] + indices.dims + data.dims[axis+1:]. */
  static List<Dim> outputDims(Node node, List<Dim> data, List<Dim> indices) {
    if (data.isEmpty()) {
      throw node.invalid("data must have rank at least 1");
    }
    int axis = IndexInputs.axis(node, node.intAttr("axis", 0), data.size(), "axis");
    List<Dim> out = new ArrayList<>(data.subList(0, axis));
    out.addAll(indices);
    out.addAll(data.subList(axis + 1, data.size()));
    return out;
  }

  /** An index into an axis of size {@code dim}: a negative one counts from the end; out of range fails. */
  public static int index(Node node, long raw, int dim, int axis) {
    long i = raw < 0 ? raw + dim : raw;
    if (i < 0 || i >= dim) {
      throw node.invalid("index " + raw + " is out of range for axis " + axis + " of size " + dim);
    }
    return (int) i;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    IndexInputs.checkArity(ctx, 2, 2);
    TensorType data = ctx.inputType(0);
    TensorType indices = ctx.inputType(1);
    IndexInputs.checkType(ctx.node(), indices, "indices", IndexInputs.INT32_OR_64);
    return List.of(new TensorType(data.dtype(), outputDims(ctx.node(), data.dims(), indices.dims())));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    Tensor data = inputs.get(0);
    Tensor indices = inputs.get(1);
    IndexInputs.checkType(node, indices.type(), "indices", IndexInputs.INT32_OR_64);
    int[] outShape = Dims.toShape(outputDims(node, Dims.of(data.shape()), Dims.of(indices.shape())));
    int axis = IndexInputs.axis(node, node.intAttr("axis", 0), data.rank(), "axis");
    int[] shape = data.shape();
    int outer = Shapes.product(shape, 0, axis);
    int dim = shape[axis];
    int inner = Shapes.product(shape, axis + 1, shape.length);
    long[] idx = indices.longs();
    Object src = Elements.array(data);
    Object out = Elements.allocate(data.dtype(), Shapes.size(outShape));
    for (int k = 0; k < idx.length; k++) {
      int i = index(node, idx[k], dim, axis);
      for (int o = 0; o < outer; o++) {
        System.arraycopy(src, (int) ((o * (long) dim + i) * inner), out, (o * idx.length + k) * inner, inner);
      }
    }
    return List.of(Elements.wrap(data.dtype(), outShape, out));
  }
}
