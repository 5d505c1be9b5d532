package cnnx.compiler.ops.elementwise;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** PRelu(X, slope) = X &lt; 0 ? slope * X : X, slope broadcast unidirectionally to X. */
final class PReluOp extends SingleOutputOp {
  private static final Set<DataType> TYPES =
      EnumSet.of(DataType.FLOAT, DataType.DOUBLE, DataType.INT32, DataType.INT64);

  PReluOp() {
    super("PRelu", OpCategory.BROADCAST);
  }

  @Override
  TensorType infer(InferenceContext ctx) {
    requireInputs(ctx, 2, 2);
    TensorType x = ctx.inputType(0);
    TensorType slope = ctx.inputType(1);
    ElementTypes.require(ctx.node(), "input X", x.dtype(), TYPES);
    if (slope.dtype() != x.dtype()) {
      throw ctx.node().invalid("slope has element type " + slope.dtype() + ", X has " + x.dtype());
    }
    Broadcast.requireUnidirectional(ctx.node(), "slope", slope, x);
    return x;
  }

  @Override
  Tensor compute(Node node, List<Tensor> inputs, DataType dtype, int[] shape) {
    Tensor x = inputs.get(0);
    Tensor slope = inputs.get(1);
    int[] ms = Broadcast.indexMapOrNull(slope.shape(), shape);
    int n = x.size();
    if (x.isFloating()) {
      float[] a = x.floats();
      float[] s = slope.floats();
      float[] out = new float[n];
      for (int i = 0; i < n; i++) {
        out[i] = a[i] < 0 ? (float) ((double) s[Broadcast.at(ms, i)] * a[i]) : a[i];
      }
      return Tensor.ofFloats(dtype, shape, out);
    }
    long[] a = x.longs();
    long[] s = slope.longs();
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = a[i] < 0 ? ElementTypes.wrap(dtype, s[Broadcast.at(ms, i)] * a[i]) : a[i];
    }
    return Tensor.ofLongs(dtype, shape, out);
  }
}
