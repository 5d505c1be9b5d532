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

/** Concat: joins inputs of equal rank and type along {@code axis}; other dims must match. */
final class ConcatOp implements OpDef {
  @Override
  public String opType() {
    return "Concat";
  }

  @Override
  public OpCategory category() {
    return OpCategory.INJECTIVE;
  }

  static int axis(Node node, int rank) {
    if (!node.has("axis")) {
      throw node.invalid("attribute 'axis' is required");
    }
    return IndexInputs.axis(node, node.intAttr("axis", 0), rank, "axis");
  }

  static TensorType outputType(Node node, List<TensorType> ins) {
    if (ins.isEmpty()) {
      throw node.invalid("needs at least one input");
    }
    TensorType first = ins.get(0);
    int rank = first.rank();
    int axis = axis(node, rank);
    List<Dim> out = new ArrayList<>(first.dims());
    for (int i = 1; i < ins.size(); i++) {
      TensorType t = ins.get(i);
      if (t.dtype() != first.dtype()) {
        throw node.invalid("input " + i + " is " + t.dtype() + ", input 0 is " + first.dtype());
      }
      if (t.rank() != rank) {
        throw node.invalid("input " + i + " has rank " + t.rank() + ", input 0 has rank " + rank);
      }
      for (int k = 0; k < rank; k++) {
        out.set(k, k == axis
            ? Dims.sum(node, out.get(k), t.dim(k))
            : Dims.unify(node, out.get(k), t.dim(k), "input " + i + " differs in dim " + k));
      }
    }
    return new TensorType(first.dtype(), out);
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Node node = ctx.node();
    if (node.outputs().size() != 1) {
      throw node.invalid("expects 1 output, has " + node.outputs().size());
    }
    List<TensorType> ins = new ArrayList<>();
    for (int i = 0; i < ctx.inputCount(); i++) {
      if (!ctx.hasInput(i)) {
        throw node.invalid("input " + i + " is missing");
      }
      ins.add(ctx.inputType(i));
    }
    return List.of(outputType(node, ins));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    List<TensorType> types = new ArrayList<>();
    for (Tensor t : inputs) {
      if (t == null) {
        throw node.invalid("an input is missing");
      }
      types.add(t.type());
    }
    TensorType outType = outputType(node, types);
    int[] outShape = outType.shape();
    int axis = axis(node, outShape.length);
    DataType dtype = outType.dtype();
    Object out = Elements.allocate(dtype, Shapes.size(outShape));
    int outer = Shapes.product(outShape, 0, axis);
    int inner = Shapes.product(outShape, axis + 1, outShape.length);
    int outBlock = outShape[axis] * inner;
    int offset = 0;
    for (Tensor t : inputs) {
      int block = t.dim(axis) * inner;
      Object src = Elements.array(t);
      for (int o = 0; o < outer; o++) {
        System.arraycopy(src, o * block, out, o * outBlock + offset, block);
      }
      offset += block;
    }
    return List.of(Elements.wrap(dtype, outShape, out));
  }
}
