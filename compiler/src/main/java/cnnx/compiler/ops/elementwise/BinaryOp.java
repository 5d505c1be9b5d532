package cnnx.compiler.ops.elementwise;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;
import java.util.function.LongBinaryOperator;

/**
 * A two-input op with multidirectional broadcasting over operands of one element type:
 * arithmetic (result of that type; floats via double rounded to float32, integers in int64
 * wrapped to the type) or comparison (bool result, functions return 1 or 0).
 */
final class BinaryOp extends SingleOutputOp {
  private final Set<DataType> spec;
  private final boolean comparison;
  private final Function<Node, DoubleBinaryOperator> floatFn;
  private final Function<Node, LongBinaryOperator> intFn;

  private BinaryOp(String opType, Set<DataType> spec, boolean comparison, Function<Node, DoubleBinaryOperator> floatFn,
      Function<Node, LongBinaryOperator> intFn) {
    super(opType, OpCategory.BROADCAST);
    this.spec = spec;
    this.comparison = comparison;
    this.floatFn = floatFn;
    this.intFn = intFn;
  }

  static BinaryOp arithmetic(String opType, DoubleBinaryOperator floatFn, LongBinaryOperator intFn) {
    return new BinaryOp(opType, ElementTypes.NUMERIC, false, n -> floatFn, n -> intFn);
  }

  /**
   * Arithmetic whose functions depend on the node's attributes; a function factory may throw to
   * reject an attribute for that element kind (Mod's fmod = 0 on floats).
   */
  static BinaryOp arithmeticWithAttributes(String opType, Function<Node, DoubleBinaryOperator> floatFn,
      Function<Node, LongBinaryOperator> intFn) {
    return new BinaryOp(opType, ElementTypes.NUMERIC, false, floatFn, intFn);
  }

  static BinaryOp comparison(String opType, Set<DataType> spec, DoubleBinaryOperator floatFn,
      LongBinaryOperator intFn) {
    return new BinaryOp(opType, spec, true, n -> floatFn, n -> intFn);
  }

  @Override
  TensorType infer(InferenceContext ctx) {
    requireInputs(ctx, 2, 2);
    TensorType a = ctx.inputType(0);
    TensorType b = ctx.inputType(1);
    ElementTypes.require(ctx.node(), "input A", a.dtype(), spec);
    if (b.dtype() != a.dtype()) {
      throw ctx.node().invalid("inputs have different element types " + a.dtype() + " and " + b.dtype());
    }
    if (a.dtype().isFloating()) {
      floatFn.apply(ctx.node()); // validates the attributes
    } else {
      intFn.apply(ctx.node());
    }
    return new TensorType(comparison ? DataType.BOOL : a.dtype(), Broadcast.dims(ctx.node(), List.of(a, b)));
  }

  @Override
  Tensor compute(Node node, List<Tensor> inputs, DataType dtype, int[] shape) {
    Tensor a = inputs.get(0);
    Tensor b = inputs.get(1);
    int[] ma = Broadcast.indexMapOrNull(a.shape(), shape);
    int[] mb = Broadcast.indexMapOrNull(b.shape(), shape);
    int n = Shapes.size(shape);
    if (a.isFloating()) {
      DoubleBinaryOperator floatFn = this.floatFn.apply(node);
      float[] x = a.floats();
      float[] y = b.floats();
      if (comparison) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
          out[i] = (long) floatFn.applyAsDouble(x[Broadcast.at(ma, i)], y[Broadcast.at(mb, i)]);
        }
        return Tensor.ofLongs(dtype, shape, out);
      }
      float[] out = new float[n];
      for (int i = 0; i < n; i++) {
        out[i] = (float) floatFn.applyAsDouble(x[Broadcast.at(ma, i)], y[Broadcast.at(mb, i)]);
      }
      return Tensor.ofFloats(dtype, shape, out);
    }
    long[] x = a.longs();
    long[] y = b.longs();
    long[] out = new long[n];
    LongBinaryOperator intFn = this.intFn.apply(node);
    try {
      for (int i = 0; i < n; i++) {
        out[i] = ElementTypes.wrap(dtype, intFn.applyAsLong(x[Broadcast.at(ma, i)], y[Broadcast.at(mb, i)]));
      }
    } catch (ArithmeticException e) {
      throw node.invalid("integer division by zero (" + e.getMessage() + ")");
    }
    return Tensor.ofLongs(dtype, shape, out);
  }
}
