package cnnx.compiler.ops.elementwise;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import java.util.List;

/** Where(condition, X, Y): X where condition is true, else Y, all three broadcast together. */
final class WhereOp extends SingleOutputOp {
  WhereOp() {
    super("Where", OpCategory.BROADCAST);
  }

  @Override
  TensorType infer(InferenceContext ctx) {
    requireInputs(ctx, 3, 3);
    TensorType c = ctx.inputType(0);
    TensorType x = ctx.inputType(1);
    TensorType y = ctx.inputType(2);
    if (c.dtype() != DataType.BOOL) {
      throw ctx.node().invalid("condition has element type " + c.dtype() + ", must be BOOL");
    }
    if (x.dtype() != y.dtype()) {
      throw ctx.node().invalid("X and Y have different element types " + x.dtype() + " and " + y.dtype());
    }
    return new TensorType(x.dtype(), Broadcast.dims(ctx.node(), List.of(c, x, y)));
  }

  @Override
  Tensor compute(Node node, List<Tensor> inputs, DataType dtype, int[] shape) {
    long[] c = inputs.get(0).longs();
    Tensor x = inputs.get(1);
    Tensor y = inputs.get(2);
    int[] mc = Broadcast.indexMapOrNull(inputs.get(0).shape(), shape);
    int[] mx = Broadcast.indexMapOrNull(x.shape(), shape);
    int[] my = Broadcast.indexMapOrNull(y.shape(), shape);
    int n = Shapes.size(shape);
    if (x.isFloating()) {
      float[] a = x.floats();
      float[] b = y.floats();
      float[] out = new float[n];
      for (int i = 0; i < n; i++) {
        out[i] = c[Broadcast.at(mc, i)] != 0 ? a[Broadcast.at(mx, i)] : b[Broadcast.at(my, i)];
      }
      return Tensor.ofFloats(dtype, shape, out);
    }
    long[] a = x.longs();
    long[] b = y.longs();
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = c[Broadcast.at(mc, i)] != 0 ? a[Broadcast.at(mx, i)] : b[Broadcast.at(my, i)];
    }
    return Tensor.ofLongs(dtype, shape, out);
  }
}
