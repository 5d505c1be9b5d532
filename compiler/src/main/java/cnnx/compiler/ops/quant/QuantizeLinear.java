package cnnx.compiler.ops.quant;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.MiniFloat;
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
 * QuantizeLinear: y = saturate(round_half_even(x / y_scale) + y_zero_point), per tensor, per axis or
 * blocked. The division is in float32, as ONNX Runtime computes it. The output type is the zero
 * point's, else {@code output_dtype}, else uint8.
 */
public final class QuantizeLinear implements OpDef {
  private static final EnumSet<DataType> INPUT =
      EnumSet.of(DataType.FLOAT, DataType.FLOAT16, DataType.BFLOAT16, DataType.INT32);

  @Override
  public String opType() {
    return "QuantizeLinear";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OPAQUE;
  }

  /** The checked node: where each element finds its scale and zero point, and the output type. */
  public record Plan(ParamLayout layout, DataType output) {}

  public static Plan plan(InferenceContext ctx) {
    Node node = ctx.node();
    QuantChecks.inputs(ctx, 2, 3);
    TensorType x = ctx.inputType(0);
    Quantization.requireType(node, "x", x, INPUT);
    TensorType scale = ctx.inputType(1);
    Quantization.requireType(node, "y_scale", scale, Quantization.SCALE);
    ParamLayout layout = ParamLayout.of(node, x, scale, "y_scale");
    DataType out = outputType(ctx);
    if (ctx.hasInput(2)) {
      TensorType zp = ctx.inputType(2);
      QuantChecks.sameShape(node, scale, zp, "y_zero_point");
    }
    long precision = node.intAttr("precision", 0);
    if (precision != 0 && !Quantization.SCALE.contains(DataType.fromOnnx((int) precision, node.describe()))) {
      throw node.invalid("precision " + precision + " is not a floating type");
    }
    return new Plan(layout, out);
  }

  private static DataType outputType(InferenceContext ctx) {
    Node node = ctx.node();
    long attr = node.intAttr("output_dtype", 0);
    DataType fromAttr = attr == 0 ? null : DataType.fromOnnx((int) attr, node.describe() + ": output_dtype");
    DataType t = fromAttr;
    if (ctx.hasInput(2)) {
      t = ctx.inputType(2).dtype();
      if (fromAttr != null && fromAttr != t) {
        throw node.invalid("output_dtype " + fromAttr + " differs from y_zero_point's type " + t);
      }
    }
    t = t == null ? DataType.UINT8 : t;
    if (!Quantization.QUANTIZED.contains(t)) {
      throw new cnnx.compiler.error.UnsupportedModelException(node.describe() + ": quantizing to " + t
          + " is not supported (allowed: " + Quantization.QUANTIZED + ")");
    }
    return t;
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
    if (p.output().isFloating()) {
      // Float8/float4: x / scale + zero point, cast (saturating unless saturate = 0) to the format.
      MiniFloat f = p.output().miniFloat();
      boolean saturate = node.intAttr("saturate", 1) == 1;
      float[] y = new float[x.size()];
      for (int i = 0; i < y.length; i++) {
        float v = (float) x.getDouble(i) / scale[idx[i]] + (zp == null ? 0f : (float) zp.getDouble(idx[i]));
        y[i] = f.round(v, saturate);
      }
      return List.of(Tensor.ofFloats(p.output(), x.shape(), y));
    }
    long[] y = new long[x.size()];
    for (int i = 0; i < y.length; i++) {
      float v = (float) x.getDouble(i) / scale[idx[i]];
      y[i] = Quantization.quantize(v, zp == null ? 0 : zp.getLong(idx[i]), p.output());
    }
    return List.of(Tensor.ofLongs(p.output(), x.shape(), y));
  }
}
