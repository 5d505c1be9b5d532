package cnnx.compiler.ops.quant;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import java.util.EnumSet;
import java.util.List;

/**
 * DynamicQuantizeLinear: uint8 quantization with the scale and zero point taken from the data's
 * range, widened to include 0: scale = (max - min) / 255 (1 when the range is empty), zero point =
 * round(saturate(-min / scale)), then QuantizeLinear with them; all in float32 as ONNX Runtime.
 */
public final class DynamicQuantizeLinear implements OpDef {
  @Override
  public String opType() {
    return "DynamicQuantizeLinear";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OPAQUE;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Node node = ctx.node();
    QuantChecks.inputs(ctx, 1, 1);
    TensorType x = ctx.inputType(0);
    Quantization.requireType(node, "x", x, EnumSet.of(DataType.FLOAT));
    if (node.outputs().size() != 3) {
      throw node.invalid("has " + node.outputs().size() + " outputs, expected 3 (y, y_scale, y_zero_point)");
    }
    return List.of(x.withDtype(DataType.UINT8), TensorType.of(DataType.FLOAT), TensorType.of(DataType.UINT8));
  }

  /** The scale and zero point ONNX Runtime derives from the values. */
  static float[] parameters(float[] x) {
    float min = 0;
    float max = 0;
    for (float v : x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    float scale = max == min ? 1f : (max - min) / 255f;
    float zero = 0f - min / scale;
    return new float[] {scale, (float) Math.rint(Math.max(0f, Math.min(255f, zero)))};
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    float[] x = inputs.get(0).floats();
    float[] p = parameters(x);
    long zp = (long) p[1];
    long[] y = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = Quantization.quantize(x[i] / p[0], zp, DataType.UINT8);
    }
    return List.of(Tensor.ofLongs(DataType.UINT8, inputs.get(0).shape(), y), Tensor.scalar(p[0]),
        Tensor.ofLongs(DataType.UINT8, new int[0], new long[] {zp}));
  }
}
