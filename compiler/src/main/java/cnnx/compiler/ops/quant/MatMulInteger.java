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
 * MatMulInteger: int32 (A - a_zero_point) x (B - b_zero_point) with MatMul's shapes; A's zero point
 * is shared or one per row, B's shared or one per column.
 */
public final class MatMulInteger implements OpDef {
  @Override
  public String opType() {
    return "MatMulInteger";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OPAQUE;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Node node = ctx.node();
    QuantChecks.inputs(ctx, 2, 4);
    TensorType a = ctx.inputType(0);
    TensorType b = ctx.inputType(1);
    Quantization.requireType(node, "A", a, Quantization.EIGHT_BIT);
    Quantization.requireType(node, "B", b, Quantization.EIGHT_BIT);
    if (ctx.hasInput(2)) {
      zeroPoint(node, a, ctx.inputType(2), a.rank() == 1 ? 1 : a.dim(a.rank() - 2).value(), "a_zero_point");
    }
    if (ctx.hasInput(3)) {
      zeroPoint(node, b, ctx.inputType(3), b.rank() == 1 ? 1 : b.dim(b.rank() - 1).value(), "b_zero_point");
    }
    return List.of(new TensorType(DataType.INT32, IntegerMatMul.outputDims(ctx, 0, 1)));
  }

  static void zeroPoint(Node node, TensorType operand, TensorType zp, long length, String what) {
    if (zp.dtype() != operand.dtype()) {
      throw node.invalid(what + " must be " + operand.dtype() + ", is " + zp.dtype());
    }
    QuantChecks.scalarOrVector(node, zp, length, what);
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    TensorType type = inferTypes(new ConcreteContext(node, inputs)).get(0);
    Tensor a = inputs.get(0);
    Tensor b = inputs.get(1);
    long[] az = ZeroPoints.spread(inputs.size() > 2 ? inputs.get(2) : null, IntegerMatMul.rows(a));
    long[] bz = ZeroPoints.spread(inputs.size() > 3 ? inputs.get(3) : null, IntegerMatMul.columns(b));
    long[] y = IntegerMatMul.multiply(type.shape(), a, az, b, bz);
    for (int i = 0; i < y.length; i++) {
      y[i] = (int) y[i]; // int32 accumulation wraps, as ONNX Runtime's does
    }
    return List.of(Tensor.ofLongs(DataType.INT32, type.shape(), y));
  }
}
