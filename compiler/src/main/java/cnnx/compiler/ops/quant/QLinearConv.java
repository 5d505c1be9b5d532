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
import java.util.EnumSet;
import java.util.List;

/**
 * QLinearConv: the integer convolution of (x - x_zero_point) and (w - w_zero_point) plus the int32
 * bias B, requantized as ONNX Runtime does: y = saturate(round_half_even(acc * m[c]) +
 * y_zero_point) with m[c] = x_scale * w_scale[c] / y_scale in float32; w's scale and zero point
 * are shared or one per output channel.
 */
public final class QLinearConv implements OpDef {
  @Override
  public String opType() {
    return "QLinearConv";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OPAQUE;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Node node = ctx.node();
    QuantChecks.inputs(ctx, 8, 9);
    TensorType x = ctx.inputType(0);
    TensorType w = ctx.inputType(3);
    Quantization.requireType(node, "x", x, Quantization.EIGHT_BIT);
    Quantization.requireType(node, "w", w, Quantization.EIGHT_BIT);
    long m = w.rank() > 0 ? w.dim(0).value() : -1;
    Quantization.requireType(node, "x_scale", ctx.inputType(1), EnumSet.of(DataType.FLOAT));
    QuantChecks.scalar(node, ctx.inputType(1), "x_scale");
    MatMulInteger.zeroPoint(node, x, ctx.inputType(2), 1, "x_zero_point");
    QuantChecks.scalar(node, ctx.inputType(2), "x_zero_point");
    Quantization.requireType(node, "w_scale", ctx.inputType(4), EnumSet.of(DataType.FLOAT));
    QuantChecks.scalarOrVector(node, ctx.inputType(4), m, "w_scale");
    MatMulInteger.zeroPoint(node, w, ctx.inputType(5), m, "w_zero_point");
    Quantization.requireType(node, "y_scale", ctx.inputType(6), EnumSet.of(DataType.FLOAT));
    QuantChecks.scalar(node, ctx.inputType(6), "y_scale");
    TensorType yz = ctx.inputType(7);
    Quantization.requireType(node, "y_zero_point", yz, Quantization.EIGHT_BIT);
    QuantChecks.scalar(node, yz, "y_zero_point");
    if (ctx.hasInput(8)) {
      TensorType b = ctx.inputType(8);
      Quantization.requireType(node, "B", b, EnumSet.of(DataType.INT32));
      if (b.rank() != 1 || (m >= 0 && b.dim(0).isKnown() && b.dim(0).value() != m)) {
        throw node.invalid("B must have one int32 entry per output channel (" + m + "), has type " + b);
      }
    }
    return List.of(new TensorType(yz.dtype(), IntegerConv.outputDims(ctx, 0, 3)));
  }

  /** The per-output-channel requantization multipliers x_scale * w_scale[c] / y_scale. */
  public static float[] multipliers(float xScale, float[] wScale, float yScale) {
    float[] m = new float[wScale.length];
    for (int c = 0; c < m.length; c++) {
      m[c] = xScale * wScale[c] / yScale;
    }
    return m;
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    TensorType type = inferTypes(new ConcreteContext(node, inputs)).get(0);
    Tensor x = inputs.get(0);
    Tensor w = inputs.get(3);
    int channels = w.dim(0);
    long[] wz = ZeroPoints.spread(inputs.get(5), channels);
    float[] mult = multipliers(inputs.get(1).floats()[0], ZeroPoints.spreadFloats(inputs.get(4), channels),
        inputs.get(6).floats()[0]);
    long yz = inputs.get(7).longs()[0];
    long[] bias = inputs.size() > 8 && inputs.get(8) != null ? inputs.get(8).longs() : new long[channels];
    long[] acc = IntegerConv.convolve(node, x, inputs.get(2).longs()[0], w, wz);
    int plane = acc.length / Math.max(1, x.dim(0) * channels);
    long[] y = new long[acc.length];
    for (int i = 0; i < y.length; i++) {
      int c = (i / plane) % channels;
      y[i] = Quantization.quantize((float) (int) (acc[i] + bias[c]) * mult[c], yz, type.dtype());
    }
    return List.of(Tensor.ofLongs(type.dtype(), type.shape(), y));
  }
}
