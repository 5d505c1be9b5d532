package cnnx.compiler.ops.elementwise;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import java.util.List;

/**
 * Cast to the element type coded by {@code to}. Floats become integers by truncation toward zero
 * (as C casts, which ONNX Runtime uses); out-of-range floats, undefined there, saturate here.
 * Integers narrow by wrapping; anything non-zero becomes bool true. DOUBLE stays float32.
 */
final class CastOp extends SingleOutputOp {
  /** The highest element type code ONNX defines (TensorProto.DataType) in opset 21. */
  private static final long MAX_ONNX_TYPE_CODE = 28;

  CastOp() {
    super("Cast", OpCategory.ELEMENTWISE);
  }

  static DataType target(Node node) {
    if (!node.has("to")) {
      throw node.invalid("attribute 'to' is required");
    }
    long code = node.intAttr("to", 0);
    if (code < 1 || code > MAX_ONNX_TYPE_CODE) {
      throw node.invalid("attribute 'to' = " + code + " is not an ONNX element type");
    }
    return DataType.fromOnnx((int) code, node.describe() + ": attribute 'to'");
  }

  @Override
  TensorType infer(InferenceContext ctx) {
    requireInputs(ctx, 1, 1);
    long saturate = ctx.node().intAttr("saturate", 1); // only affects float8 targets
    if (saturate != 0 && saturate != 1) {
      throw ctx.node().invalid("attribute 'saturate' must be 0 or 1, is " + saturate);
    }
    // Opset 24: the rounding of float8e8m0 targets.
    String roundMode = ctx.node().stringAttr("round_mode", "up");
    if (!List.of("up", "down", "nearest").contains(roundMode)) {
      throw ctx.node().invalid("round_mode '" + roundMode + "' is not up, down or nearest");
    }
    return ctx.inputType(0).withDtype(target(ctx.node()));
  }

  @Override
  Tensor compute(Node node, List<Tensor> inputs, DataType to, int[] shape) {
    Tensor x = inputs.get(0);
    int n = x.size();
    if (to.isFloating()) {
      float[] out = new float[n];
      for (int i = 0; i < n; i++) {
        out[i] = (float) x.getDouble(i);
      }
      // Saturating casts to float8 clamp out-of-range values (infinities too) to the largest finite one.
      if (to.miniFloat() != null && node.intAttr("saturate", 1) == 1) {
        float max = to.miniFloat().max();
        for (int i = 0; i < n; i++) {
          out[i] = Float.isNaN(out[i]) ? out[i] : Math.max(-max, Math.min(max, out[i]));
        }
      }
      if (to == DataType.FLOAT8E8M0) {
        boolean saturate = node.intAttr("saturate", 1) == 1;
        String mode = node.stringAttr("round_mode", "up");
        for (int i = 0; i < n; i++) {
          out[i] = cnnx.compiler.ir.E8M0.round(out[i], saturate, mode);
        }
      }
      return Tensor.ofFloats(to, shape, out);
    }
    long[] out = new long[n];
    if (x.isFloating()) {
      float[] a = x.floats();
      for (int i = 0; i < n; i++) {
        out[i] = to == DataType.BOOL
            ? (a[i] != 0 ? 1 : 0) // NaN is non-zero, so true
            : to.bits() < 8 ? ElementTypes.wrap(to, (long) a[i]) // as ml_dtypes, ONNX's reference
            : ElementTypes.saturate(to, (long) a[i]);
      }
    } else {
      long[] a = x.longs();
      for (int i = 0; i < n; i++) {
        out[i] = ElementTypes.wrap(to, a[i]);
      }
    }
    return Tensor.ofLongs(to, shape, out);
  }
}
