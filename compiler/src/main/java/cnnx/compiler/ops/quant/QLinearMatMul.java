package cnnx.compiler.ops.quant;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.ConcreteContext;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import cnnx.compiler.ops.spatial.IntegerMatMul;
import java.util.List;

/**
 * QLinearMatMul: the integer product of (a - a_zero_point) and (b - b_zero_point), requantized as
 * ONNX Runtime does: y = saturate(round_half_even(acc * (a_scale * b_scale / y_scale)) + y_zero_point)
 * with the multiplier in float32. a's scale and zero point are shared or per row, b's shared or
 * per column.
 */
public final class QLinearMatMul implements OpDef {
  @Override
  public String opType() {
    return "QLinearMatMul";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OPAQUE;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Node node = ctx.node();
    QuantChecks.inputs(ctx, 8, 8);
    TensorType a = ctx.inputType(0);
    TensorType b = ctx.inputType(3);
    Quantization.requireType(node, "a", a, Quantization.EIGHT_BIT);
    Quantization.requireType(node, "b", b, Quantization.EIGHT_BIT);
    long rows = a.rank() == 1 ? 1 : a.dim(a.rank() - 2).value();
    long cols = b.rank() == 1 ? 1 : b.dim(b.rank() - 1).value();
    scale(node, ctx.inputType(1), rows, "a_scale");
    MatMulInteger.zeroPoint(node, a, ctx.inputType(2), rows, "a_zero_point");
    scale(node, ctx.inputType(4), cols, "b_scale");
    MatMulInteger.zeroPoint(node, b, ctx.inputType(5), cols, "b_zero_point");
    scale(node, ctx.inputType(6), 1, "y_scale");
    TensorType yz = ctx.inputType(7);
    Quantization.requireType(node, "y_zero_point", yz, Quantization.EIGHT_BIT);
    QuantChecks.scalar(node, yz, "y_zero_point");
    return List.of(new TensorType(yz.dtype(), IntegerMatMul.outputDims(ctx, 0, 3)));
  }

  private static void scale(Node node, TensorType t, long length, String what) {
    Quantization.requireType(node, what, t, Quantization.SCALE);
    QuantChecks.scalarOrVector(node, t, length, what);
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    TensorType type = inferTypes(new ConcreteContext(node, inputs)).get(0);
    Tensor a = inputs.get(0);
    Tensor b = inputs.get(3);
    int m = IntegerMatMul.rows(a);
    int n = IntegerMatMul.columns(b);
    float[] as = ZeroPoints.spreadFloats(inputs.get(1), m);
    long[] az = ZeroPoints.spread(inputs.get(2), m);
    float[] bs = ZeroPoints.spreadFloats(inputs.get(4), n);
    long[] bz = ZeroPoints.spread(inputs.get(5), n);
    float ys = inputs.get(6).floats()[0];
    long yz = inputs.get(7).longs()[0];
    long[] acc = IntegerMatMul.multiply(type.shape(), a, az, b, bz);
    long[] y = new long[acc.length];
    for (int i = 0; i < y.length; i++) {
      int row = (i / n) % m;
      int col = i % n;
      float multiplier = as[row] * bs[col] / ys;
      y[i] = Quantization.quantize((float) (int) acc[i] * multiplier, yz, type.dtype());
    }
    return List.of(Tensor.ofLongs(type.dtype(), type.shape(), y));
  }
}
