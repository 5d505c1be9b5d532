package cnnx.compiler.ops.elementwise;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.AttributeDefaults;
import cnnx.compiler.ops.ConcreteContext;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import cnnx.compiler.verify.ToleranceClass;
import java.util.List;

/**
 * An op with one output whose {@code evaluate} first types its concrete inputs with the same
 * {@link #infer} that shape inference uses, then computes into the inferred output shape.
 */
abstract class SingleOutputOp implements OpDef {
  private final String opType;
  private final OpCategory category;
  private ToleranceClass declared; // set at most once, at registration
  private AttributeDefaults defaults = AttributeDefaults.NONE; // likewise

  SingleOutputOp(String opType, OpCategory category) {
    this.opType = opType;
    this.category = category;
  }

  @Override
  public final String opType() {
    return opType;
  }

  @Override
  public final OpCategory category() {
    return category;
  }

  /** Declares the op's tolerance class where {@link #usualToleranceClass} does not fit it. */
  final SingleOutputOp withToleranceClass(ToleranceClass c) {
    if (declared != null) {
      throw new IllegalStateException(opType + ": tolerance class declared twice");
    }
    declared = c;
    return this;
  }

  /** Declares the defaults of the op's optional numeric attributes. */
  final SingleOutputOp withAttributeDefaults(AttributeDefaults d) {
    if (defaults != AttributeDefaults.NONE) {
      throw new IllegalStateException(opType + ": attribute defaults declared twice");
    }
    defaults = d;
    return this;
  }

  @Override
  public final AttributeDefaults attributeDefaults() {
    return defaults;
  }

  @Override
  public final ToleranceClass toleranceClass() {
    return declared != null ? declared : usualToleranceClass();
  }

  /** The class of this kind of op; by default its category's. */
  ToleranceClass usualToleranceClass() {
    return category.toleranceClass();
  }

  @Override
  public final List<TensorType> inferTypes(InferenceContext ctx) {
    Node node = ctx.node();
    if (node.outputs().size() != 1) {
      throw node.invalid("expected 1 output, found " + node.outputs().size());
    }
    return List.of(infer(ctx));
  }

  @Override
  public final List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    TensorType out = inferTypes(new ConcreteContext(node, inputs)).get(0);
    return List.of(compute(node, inputs, out.dtype(), out.shape()));
  }

  /** Validates the node against its input types and returns the output type. */
  abstract TensorType infer(InferenceContext ctx);

  /** Computes the output; the inputs already passed {@link #infer}. */
  abstract Tensor compute(Node node, List<Tensor> inputs, DataType dtype, int[] shape);

  /** Fails unless the listed inputs number in [min, max] and the first {@code min} are present. */
  static void requireInputs(InferenceContext ctx, int min, int max) {
    int n = ctx.inputCount();
    if (n < min || n > max) {
      String want = min == max ? Integer.toString(min) : min + " to " + max;
      throw ctx.node().invalid("expected " + want + (max == 1 ? " input" : " inputs") + ", found " + n);
    }
    for (int i = 0; i < min; i++) {
      if (!ctx.hasInput(i)) {
        throw ctx.node().invalid("input " + i + " is required");
      }
    }
  }
}
