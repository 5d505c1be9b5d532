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

/** Size: the input's element count as an int64 scalar. */
public final class SizeOp implements OpDef {
  @Override
  public String opType() {
    return "Size";
  }

  @Override
  public OpCategory category() {
    return OpCategory.SHAPE;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    IndexInputs.checkArity(ctx, 1, 1);
    ctx.inputType(0);
    return List.of(new TensorType(DataType.INT64, List.<Dim>of()));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    return List.of(Tensor.scalarLong(inputs.get(0).size()));
  }
}
