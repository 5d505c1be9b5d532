package cnnx.compiler.ops;

import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import java.util.Arrays;
import java.util.List;

/**
 * Dropout-12+ whose training_mode is fed at run time (the importer turns every other Dropout into
 * Identity). With training_mode false, or a ratio of 0, it is the identity with an all-true mask;
 * in training mode with a ratio above 0 it would zero random elements, which an inference engine
 * does not do: refused with the reason when the values say so.
 */
final class DropoutOp implements OpDef {
  @Override
  public String opType() {
    return "Dropout";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OPAQUE;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Node node = ctx.node();
    if (ctx.inputCount() < 1 || ctx.inputCount() > 3 || !ctx.hasInput(0)) {
      throw node.invalid("takes data, and optionally ratio and training_mode");
    }
    if (node.outputs().isEmpty() || node.outputs().size() > 2) {
      throw node.invalid("has " + node.outputs().size() + " outputs, expected output and optionally mask");
    }
    TensorType x = ctx.inputType(0);
    if (ctx.hasInput(1) && (!ctx.inputType(1).dtype().isFloating() || ctx.inputType(1).rank() != 0)) {
      throw node.invalid("ratio must be a floating scalar, is " + ctx.inputType(1));
    }
    if (ctx.hasInput(2) && (ctx.inputType(2).dtype() != DataType.BOOL || ctx.inputType(2).rank() != 0)) {
      throw node.invalid("training_mode must be a bool scalar, is " + ctx.inputType(2));
    }
    return List.of(x, x.withDtype(DataType.BOOL));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    Tensor ratio = inputs.size() > 1 ? inputs.get(1) : null;
    Tensor training = inputs.size() > 2 ? inputs.get(2) : null;
    double r = ratio == null ? 0.5 : ratio.getDouble(0);
    if (training != null && training.getLong(0) != 0 && r != 0) {
      throw new UnsupportedModelException(node.describe() + ": training_mode is true with ratio " + r
          + ": training mode zeroes random elements, and cnnx runs inference only");
    }
    long[] ones = new long[x.size()];
    Arrays.fill(ones, 1);
    return List.of(x, Tensor.ofLongs(DataType.BOOL, x.shape(), ones));
  }
}
