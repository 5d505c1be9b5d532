package cnnx.compiler.ops.elementwise;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import java.util.List;

/**
 * Clip(input, min?, max?) = min(max(input, min), max); an absent bound does not clip. When
 * min &gt; max every element becomes max, as the spec says.
 */
final class ClipOp extends SingleOutputOp {
  ClipOp() {
    super("Clip", OpCategory.ELEMENTWISE);
  }

  @Override
  TensorType infer(InferenceContext ctx) {
    requireInputs(ctx, 1, 3);
    TensorType x = ctx.inputType(0);
    ElementTypes.require(ctx.node(), "input", x.dtype(), ElementTypes.NUMERIC);
    for (int i = 1; i <= 2; i++) {
      if (!ctx.hasInput(i)) {
        continue;
      }
      String what = i == 1 ? "min" : "max";
      TensorType b = ctx.inputType(i);
      if (b.dtype() != x.dtype()) {
        throw ctx.node().invalid(what + " has element type " + b.dtype() + ", input has " + x.dtype());
      }
      // A scalar; a one-element 1-D tensor is accepted as ONNX Runtime does.
      boolean scalar = b.rank() == 0
          || (b.rank() == 1 && (!b.dim(0).isKnown() || b.dim(0).value() == 1));
      if (!scalar) {
        throw ctx.node().invalid(what + " must be a scalar, has shape " + b);
      }
    }
    return x;
  }

  @Override
  Tensor compute(Node node, List<Tensor> inputs, DataType dtype, int[] shape) {
    Tensor x = inputs.get(0);
    Tensor lo = bound(inputs, 1);
    Tensor hi = bound(inputs, 2);
    if (x.isFloating()) {
      float min = lo == null ? Float.NEGATIVE_INFINITY : lo.floats()[0];
      float max = hi == null ? Float.POSITIVE_INFINITY : hi.floats()[0];
      float[] a = x.floats();
      float[] out = new float[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = Math.min(Math.max(a[i], min), max);
      }
      return Tensor.ofFloats(dtype, shape, out);
    }
    long min = lo == null ? Long.MIN_VALUE : lo.longs()[0];
    long max = hi == null ? Long.MAX_VALUE : hi.longs()[0];
    long[] a = x.longs();
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = Math.min(Math.max(a[i], min), max);
    }
    return Tensor.ofLongs(dtype, shape, out);
  }

  private static Tensor bound(List<Tensor> inputs, int i) {
    return i < inputs.size() ? inputs.get(i) : null;
  }
}
