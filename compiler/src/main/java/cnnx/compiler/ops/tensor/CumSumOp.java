package cnnx.compiler.ops.tensor;

import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import java.util.List;
import java.util.Set;

/**
 * CumSum: running sums along the axis given as a scalar input; {@code exclusive} leaves the
 * element itself out, {@code reverse} runs from the end. Floats are summed in float32 in order,
 * as ONNX Runtime does; integers in int64.
 */
public final class CumSumOp implements OpDef {
  @Override
  public String opType() {
    return "CumSum";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OPAQUE;
  }

  /** The axis from the (scalar or one-element) axis tensor. */
  public static int axis(Node node, Tensor axis, int rank) {
    IndexInputs.checkType(node, axis.type(), "axis", IndexInputs.INT32_OR_64);
    if (axis.size() != 1 || axis.rank() > 1) {
      throw node.invalid("'axis' must be a scalar, has shape " + axis.type());
    }
    return IndexInputs.axis(node, axis.longs()[0], rank, "axis");
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    IndexInputs.checkArity(ctx, 2, 2);
    TensorType x = ctx.inputType(0);
    if (x.rank() == 0 || !Set.of(cnnx.compiler.ir.DataType.FLOAT, cnnx.compiler.ir.DataType.DOUBLE,
        cnnx.compiler.ir.DataType.INT32, cnnx.compiler.ir.DataType.INT64).contains(x.dtype())) {
      throw ctx.node().invalid("x must be a float, double, int32 or int64 tensor of rank at least 1, is " + x);
    }
    IndexInputs.checkType(ctx.node(), ctx.inputType(1), "axis", IndexInputs.INT32_OR_64);
    ctx.constant(1).ifPresent(a -> axis(ctx.node(), a, x.rank()));
    return List.of(x);
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    TensorType type = inferTypes(new cnnx.compiler.ops.ConcreteContext(node, inputs)).get(0);
    Tensor x = inputs.get(0);
    int[] shape = x.shape();
    int axis = axis(node, inputs.get(1), shape.length);
    int outer = Shapes.product(shape, 0, axis);
    int n = shape[axis];
    int inner = Shapes.product(shape, axis + 1, shape.length);
    boolean exclusive = node.intAttr("exclusive", 0) == 1;
    boolean reverse = node.intAttr("reverse", 0) == 1;
    if (x.isFloating()) {
      float[] a = x.floats();
      float[] out = new float[a.length];
      for (int o = 0; o < outer; o++) {
        for (int i = 0; i < inner; i++) {
          float sum = 0;
          for (int s = 0; s < n; s++) {
            int at = (o * n + (reverse ? n - 1 - s : s)) * inner + i;
            if (exclusive) {
              out[at] = sum;
              sum += a[at];
            } else {
              sum += a[at];
              out[at] = sum;
            }
          }
        }
      }
      return List.of(Tensor.ofFloats(type.dtype(), shape, out));
    }
    long[] a = x.longs();
    long[] out = new long[a.length];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        long sum = 0;
        for (int s = 0; s < n; s++) {
          int at = (o * n + (reverse ? n - 1 - s : s)) * inner + i;
          long before = sum;
          sum += a[at];
          out[at] = wrap(type, exclusive ? before : sum);
        }
      }
    }
    return List.of(Tensor.ofLongs(type.dtype(), shape, out));
  }

  private static long wrap(TensorType t, long v) {
    return t.dtype() == cnnx.compiler.ir.DataType.INT32 ? (int) v : v;
  }
}
