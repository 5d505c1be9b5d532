package cnnx.compiler.ops.quant;

import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.ConcreteContext;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import java.util.EnumSet;
import java.util.List;

/**
 * DequantizeLinear: y = (x - x_zero_point) * x_scale in float32, per tensor, per axis or blocked.
 * An int32 x (a quantized bias) has no zero point, or a zero one. The output type is
 * {@code output_dtype}, else the scale's.
 */
public final class DequantizeLinear implements OpDef {
  private static final EnumSet<DataType> INPUT = EnumSet.of(DataType.INT32);

  static {
    INPUT.addAll(Quantization.QUANTIZED);
  }

  @Override
  public String opType() {
    return "DequantizeLinear";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OPAQUE;
  }

  public record Plan(ParamLayout layout, DataType output) {}

  public static Plan plan(InferenceContext ctx) {
    Node node = ctx.node();
    QuantChecks.inputs(ctx, 2, 3);
    TensorType x = ctx.inputType(0);
    Quantization.requireType(node, "x", x, INPUT);
    TensorType scale = ctx.inputType(1);
    Quantization.requireType(node, "x_scale", scale, Quantization.SCALE);
    ParamLayout layout = ParamLayout.of(node, x, scale, "x_scale");
    if (ctx.hasInput(2)) {
      TensorType zp = ctx.inputType(2);
      QuantChecks.sameShape(node, scale, zp, "x_zero_point");
      if (zp.dtype() != x.dtype()) {
        throw node.invalid("x_zero_point must be " + x.dtype() + " like x, is " + zp.dtype());
      }
      if (x.dtype() == DataType.INT32) {
        ctx.constant(2).ifPresent(z -> {
          for (long v : z.longs()) {
            if (v != 0) {
              throw node.invalid("an int32 x takes no zero point other than 0, has " + v);
            }
          }
        });
      }
    }
    long attr = node.intAttr("output_dtype", 0);
    DataType out = attr == 0 ? scale.dtype() : DataType.fromOnnx((int) attr, node.describe() + ": output_dtype");
    if (!Quantization.SCALE.contains(out)) {
      throw new UnsupportedModelException(node.describe() + ": output_dtype " + out + " is not supported");
    }
    return new Plan(layout, out);
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    return List.of(ctx.inputType(0).withDtype(plan(ctx).output()));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    Plan p = plan(new ConcreteContext(node, inputs));
    Tensor x = inputs.get(0);
    float[] scale = inputs.get(1).floats();
    Tensor zp = inputs.size() > 2 ? inputs.get(2) : null;
    int[] idx = p.layout().indices(x.shape());
    float[] y = new float[x.size()];
    if (x.isFloating()) {
      for (int i = 0; i < y.length; i++) {
        y[i] = ((float) x.getDouble(i) - (zp == null ? 0f : (float) zp.getDouble(idx[i]))) * scale[idx[i]];
      }
    } else {
      long[] xv = x.longs();
      for (int i = 0; i < y.length; i++) {
        y[i] = (float) (xv[i] - (zp == null ? 0 : zp.getLong(idx[i]))) * scale[idx[i]];
      }
    }
    return List.of(Tensor.ofFloats(p.output(), x.shape(), y));
  }
}
