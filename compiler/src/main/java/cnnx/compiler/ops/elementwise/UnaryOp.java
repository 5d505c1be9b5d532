package cnnx.compiler.ops.elementwise;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.verify.ToleranceClass;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;

/**
 * A one-input, same-shape op given by its function: floats are computed in double and rounded to
 * float32; integers in int64, wrapped to the element type. The functions are built from the node
 * so attributes are read once.
 */
final class UnaryOp extends SingleOutputOp {
  private final Set<DataType> spec;
  private final Function<Node, DoubleUnaryOperator> floatFn;
  private final Function<Node, LongUnaryOperator> intFn;

  /**
   * @param spec the element types the ONNX spec allows
   * @param floatFn the function on floating elements, or null when the op has none
   * @param intFn the function on integer and bool elements, or null when cnnx computes none
   */
  UnaryOp(String opType, Set<DataType> spec, Function<Node, DoubleUnaryOperator> floatFn,
      Function<Node, LongUnaryOperator> intFn) {
    super(opType, OpCategory.ELEMENTWISE);
    this.spec = spec;
    this.floatFn = floatFn;
    this.intFn = intFn;
  }

  /** An op on floating elements whose function depends on the node's attributes. */
  static UnaryOp floatingWithAttributes(String opType, Function<Node, DoubleUnaryOperator> fn) {
    return new UnaryOp(opType, ElementTypes.FLOATING, fn, null);
  }

  /** An op without attributes on floating elements. */
  static UnaryOp floating(String opType, DoubleUnaryOperator fn) {
    return floatingWithAttributes(opType, n -> fn);
  }

  /** Float forms run on OpenCL builtins that may differ by a few ulp; exact ones declare so. */
  @Override
  ToleranceClass usualToleranceClass() {
    return floatFn != null ? ToleranceClass.TRANSCENDENTAL : ToleranceClass.EXACT;
  }

  /** Declares that the float form is exact arithmetic (a compare, a negation, one product). */
  SingleOutputOp exact() {
    return withToleranceClass(ToleranceClass.EXACT);
  }

  private Set<DataType> implemented() {
    Set<DataType> s = EnumSet.noneOf(DataType.class);
    for (DataType t : spec) {
      if (t.isFloating() ? floatFn != null : intFn != null) {
        s.add(t);
      }
    }
    return s;
  }

  @Override
  TensorType infer(InferenceContext ctx) {
    requireInputs(ctx, 1, 1);
    TensorType x = ctx.inputType(0);
    ElementTypes.require(ctx.node(), "input", x.dtype(), spec, implemented());
    if (x.dtype().isFloating()) {
      floatFn.apply(ctx.node()); // validates the attributes
    } else {
      intFn.apply(ctx.node());
    }
    return x;
  }

  @Override
  Tensor compute(Node node, List<Tensor> inputs, DataType dtype, int[] shape) {
    Tensor x = inputs.get(0);
    if (x.isFloating()) {
      DoubleUnaryOperator f = floatFn.apply(node);
      float[] a = x.floats();
      float[] out = new float[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = (float) f.applyAsDouble(a[i]);
      }
      return Tensor.ofFloats(dtype, shape, out);
    }
    LongUnaryOperator g = intFn.apply(node);
    long[] a = x.longs();
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = ElementTypes.wrap(dtype, g.applyAsLong(a[i]));
    }
    return Tensor.ofLongs(dtype, shape, out);
  }
}
