package cnnx.compiler.ops;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.verify.ToleranceClass;
import java.util.List;
import java.util.Optional;

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

  /** The defaults of its optional numeric attributes, for the reference and kernels alike. */
  default AttributeDefaults attributeDefaults() {
    return AttributeDefaults.NONE;
  }

  /**
   * Whether a conv block may end with this op as its declared epilogue: a window pool the conv
   * kernel computes in registers (category {@link OpCategory#POOL}).
   */
  default boolean isConvEpiloguePool() {
    return category() == OpCategory.POOL;
  }

  /**
   * Validates the node's attributes and input count against the input types and returns the
   * output types. Failures are {@link cnnx.compiler.error.InvalidModelException}s naming the node.
   * Dims may be symbolic; an output dim that cannot be known is {@link cnnx.compiler.ir.Dim#unknown()}.
   */
  List<TensorType> inferTypes(InferenceContext ctx);

  /**
   * MACs and bytes moved by one node of {@code g}, from static shapes; empty when a shape is not
   * static. By default no MACs: ops that multiply-accumulate declare theirs.
   */
  default Optional<Cost> cost(Graph g, Node n) {
    return Cost.movingValues(g, n);
  }

  /** Computes the outputs from concrete inputs; an absent optional input is null. */
  List<Tensor> evaluate(Node node, List<Tensor> inputs);
}
