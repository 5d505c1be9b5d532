package cnnx.compiler.ops.quant;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.ConcreteContext;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import cnnx.compiler.ops.spatial.IntegerConv;
import java.util.List;

/**
 * ConvInteger: int32 convolution of (x - x_zero_point) with (w - w_zero_point), Conv's attributes
 * and geometry; x's zero point is shared, w's shared or one per output channel.
 */
public final class ConvInteger implements OpDef {
  @Override
  public String opType() {
    return "ConvInteger";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OPAQUE;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Node node = ctx.node();
    QuantChecks.inputs(ctx, 2, 4);
    TensorType x = ctx.inputType(0);
    TensorType w = ctx.inputType(1);
    Quantization.requireType(node, "x", x, Quantization.EIGHT_BIT);
    Quantization.requireType(node, "w", w, Quantization.EIGHT_BIT);
    if (ctx.hasInput(2)) {
      MatMulInteger.zeroPoint(node, x, ctx.inputType(2), 1, "x_zero_point");
      QuantChecks.scalar(node, ctx.inputType(2), "x_zero_point");
    }
    if (ctx.hasInput(3)) {
      MatMulInteger.zeroPoint(node, w, ctx.inputType(3), w.rank() > 0 ? w.dim(0).value() : -1, "w_zero_point");
    }
    return List.of(new TensorType(DataType.INT32, IntegerConv.outputDims(ctx, 0, 1)));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    TensorType type = inferTypes(new ConcreteContext(node, inputs)).get(0);
    Tensor x = inputs.get(0);
    Tensor w = inputs.get(1);
    long xz = inputs.size() > 2 && inputs.get(2) != null ? inputs.get(2).longs()[0] : 0;
    long[] wz = ZeroPoints.spread(inputs.size() > 3 ? inputs.get(3) : null, w.dim(0));
    long[] y = IntegerConv.convolve(node, x, xz, w, wz);
    for (int i = 0; i < y.length; i++) {
      y[i] = (int) y[i];
    }
    return List.of(Tensor.ofLongs(DataType.INT32, type.shape(), y));
  }
}
