package cnnx.compiler.ops;

import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.verify.ToleranceClass;
import java.util.List;

/**
 * One ONNX op in canonical form: its static typing and its reference semantics. {@link #evaluate}
 * is the numerical ground truth every compiled kernel is checked against: plain, obviously
 * correct, float32 storage with reductions accumulated in double.
 */
public interface OpDef {
  String opType();

  OpCategory category();

  /** How closely a kernel can match {@link #evaluate}; by default its category's usual class. */
  default ToleranceClass toleranceClass() {
    return category().toleranceClass();
  }

  /**
   * Validates the node's attributes and input count against the input types and returns the
   * output types. Failures are {@link cnnx.compiler.error.InvalidModelException}s naming the node.
   * Dims may be symbolic; an output dim that cannot be known is {@link cnnx.compiler.ir.Dim#unknown()}.
   */
  List<TensorType> inferTypes(InferenceContext ctx);

  /** Computes the outputs from concrete inputs; an absent optional input is null. */
  List<Tensor> evaluate(Node node, List<Tensor> inputs);
}
