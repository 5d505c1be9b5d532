package cnnx.compiler.ops.elementwise;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.verify.ToleranceClass;
import java.util.List;

/**
 * Softmax, LogSoftmax and Hardmax along one axis (opset-13 form, default axis -1). The maximum is
 * subtracted before exponentiating and the sum of exponentials is taken in double.
 */
final class SoftmaxOp extends SingleOutputOp {
  enum Kind {
    SOFTMAX,
    LOG_SOFTMAX,
    HARDMAX
  }

  private final Kind kind;

  SoftmaxOp(String opType, Kind kind) {
    super(opType, OpCategory.REDUCE);
    this.kind = kind;
  }

  @Override
  ToleranceClass usualToleranceClass() {
    return kind == Kind.HARDMAX ? ToleranceClass.EXACT : ToleranceClass.ACCUMULATING;
  }

  private static int axis(Node node, int rank) {
    long axis = node.intAttr("axis", -1);
    int a = Shapes.normalizeAxis(axis, rank);
    if (a < 0) {
      throw node.invalid("axis " + axis + " is out of range for an input of rank " + rank);
    }
    return a;
  }

  @Override
  TensorType infer(InferenceContext ctx) {
    requireInputs(ctx, 1, 1);
    TensorType x = ctx.inputType(0);
    ElementTypes.require(ctx.node(), "input", x.dtype(), ElementTypes.FLOATING);
    axis(ctx.node(), x.rank());
    return x;
  }

  @Override
  Tensor compute(Node node, List<Tensor> inputs, DataType dtype, int[] shape) {
    int axis = axis(node, shape.length);
    int outer = Shapes.product(shape, 0, axis);
    int len = shape[axis];
    int inner = Shapes.product(shape, axis + 1, shape.length);
    float[] x = inputs.get(0).floats();
    float[] out = new float[x.length];
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < inner; j++) {
        row(x, out, o * len * inner + j, inner, len);
      }
    }
    return Tensor.ofFloats(dtype, shape, out);
  }

  /** One slice along the axis: {@code len} elements from {@code base}, {@code stride} apart. */
  private void row(float[] x, float[] out, int base, int stride, int len) {
    float max = Float.NEGATIVE_INFINITY;
    int argmax = 0;
    for (int k = 0; k < len; k++) {
      float v = x[base + k * stride];
      if (v > max) {
        max = v;
        argmax = k;
      }
    }
    if (kind == Kind.HARDMAX) {
      for (int k = 0; k < len; k++) {
        out[base + k * stride] = k == argmax ? 1 : 0;
      }
      return;
    }
    double sum = 0;
    for (int k = 0; k < len; k++) {
      sum += Math.exp((double) x[base + k * stride] - max);
    }
    double logSum = Math.log(sum);
    for (int k = 0; k < len; k++) {
      double shifted = (double) x[base + k * stride] - max;
      out[base + k * stride] = (float) (kind == Kind.SOFTMAX ? Math.exp(shifted) / sum : shifted - logSum);
    }
  }
}
