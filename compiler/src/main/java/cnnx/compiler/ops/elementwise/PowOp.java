package cnnx.compiler.ops.elementwise;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.verify.ToleranceClass;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Pow(X, Y) with broadcasting; Y may be of another numeric type than X and the result has X's.
 * Integer bases with integer exponents are exact (wrapping on overflow).
 */
final class PowOp extends SingleOutputOp {
  private static final Set<DataType> BASE_TYPES =
      EnumSet.of(DataType.FLOAT, DataType.DOUBLE, DataType.INT32, DataType.INT64);

  PowOp() {
    super("Pow", OpCategory.BROADCAST);
  }

  @Override
  ToleranceClass usualToleranceClass() {
    return ToleranceClass.TRANSCENDENTAL;
  }

  @Override
  TensorType infer(InferenceContext ctx) {
    requireInputs(ctx, 2, 2);
    TensorType x = ctx.inputType(0);
    TensorType y = ctx.inputType(1);
    ElementTypes.require(ctx.node(), "input X", x.dtype(), BASE_TYPES);
    ElementTypes.require(ctx.node(), "input Y", y.dtype(), ElementTypes.NUMERIC);
    return new TensorType(x.dtype(), Broadcast.dims(ctx.node(), List.of(x, y)));
  }

  @Override
  Tensor compute(Node node, List<Tensor> inputs, DataType dtype, int[] shape) {
    Tensor x = inputs.get(0);
    Tensor y = inputs.get(1);
    int[] mx = Broadcast.indexMapOrNull(x.shape(), shape);
    int[] my = Broadcast.indexMapOrNull(y.shape(), shape);
    int n = Shapes.size(shape);
    if (x.isFloating()) {
      float[] base = x.floats();
      float[] out = new float[n];
      for (int i = 0; i < n; i++) {
        out[i] = (float) ieeePow(base[Broadcast.at(mx, i)], y.getDouble(Broadcast.at(my, i)));
      }
      return Tensor.ofFloats(dtype, shape, out);
    }
    long[] base = x.longs();
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      long b = base[Broadcast.at(mx, i)];
      int j = Broadcast.at(my, i);
      long r = y.isFloating()
          ? ElementTypes.saturate(dtype, (long) Math.pow(b, y.floats()[j]))
          : intPow(node, b, y.longs()[j]);
      out[i] = ElementTypes.wrap(dtype, r);
    }
    return Tensor.ofLongs(dtype, shape, out);
  }

  /** b^e in wrapping int64 arithmetic; a negative exponent truncates toward zero. */
  private static long intPow(Node node, long b, long e) {
    if (e < 0) {
      if (b == 0) {
        throw node.invalid("integer 0 raised to the negative power " + e);
      }
      if (b == 1) {
        return 1;
      }
      return b == -1 ? ((e & 1) == 0 ? 1 : -1) : 0;
    }
    long result = 1;
    long square = b;
    while (e > 0) {
      if ((e & 1) != 0) {
        result *= square;
      }
      square *= square;
      e >>= 1;
    }
    return result;
  }

  /**
   * C's and IEEE 754's pow (what ONNX Runtime and OpenCL compute) where Java's differs: 1 to any
   * power, NaN included, and -1 to ±infinity are 1 (Java says NaN).
   */
  static double ieeePow(double x, double y) {
    return x == 1.0 || (x == -1.0 && Double.isInfinite(y)) ? 1.0 : Math.pow(x, y);
  }
}
