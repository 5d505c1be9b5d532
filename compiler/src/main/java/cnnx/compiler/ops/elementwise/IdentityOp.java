package cnnx.compiler.ops.elementwise;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import java.util.List;

/** Identity: the input itself (tensors are immutable, so no copy is needed). */
final class IdentityOp extends SingleOutputOp {
  IdentityOp() {
    super("Identity", OpCategory.ELEMENTWISE);
  }

  @Override
  TensorType infer(InferenceContext ctx) {
    requireInputs(ctx, 1, 1);
    return ctx.inputType(0);
  }

  @Override
  Tensor compute(Node node, List<Tensor> inputs, DataType dtype, int[] shape) {
    return inputs.get(0);
  }
}
