package cnnx.compiler.ops.tensor;

import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import java.util.List;

/** Flatten: 2-D [prod(dims before axis), prod(dims from axis)]; axis in [-rank, rank]. */
final class FlattenOp implements OpDef {
  @Override
  public String opType() {
    return "Flatten";
  }

  @Override
  public OpCategory category() {
    return OpCategory.INJECTIVE;
  }

  static List<Dim> outputDims(Node node, List<Dim> in) {
    long axis = node.intAttr("axis", 1);
    int rank = in.size();
    long a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a > rank) {
      throw node.invalid("axis " + axis + " is out of range [-" + rank + ", " + rank + "]");
    }
    int split = (int) a;
    return List.of(Dims.product(node, in.subList(0, split)), Dims.product(node, in.subList(split, rank)));
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    IndexInputs.checkArity(ctx, 1, 1);
    TensorType x = ctx.inputType(0);
    return List.of(new TensorType(x.dtype(), outputDims(ctx.node(), x.dims())));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    return List.of(x.reshape(Dims.toShape(outputDims(node, Dims.of(x.shape())))));
  }
}
