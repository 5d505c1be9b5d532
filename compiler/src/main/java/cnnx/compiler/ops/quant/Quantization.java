package cnnx.compiler.ops.quant;

import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.elementwise.ElementTypes;
import java.util.EnumSet;
import java.util.Set;

/** What the quantized ops share: their integer types, rounding and saturation. */
public final class Quantization {
  /** The integer types cnnx quantizes to (ONNX also allows 2/4-bit ints and 8-bit floats). */
  public static final Set<DataType> QUANTIZED = EnumSet.of(DataType.INT8, DataType.UINT8, DataType.INT16,
      DataType.UINT16, DataType.INT4, DataType.UINT4, DataType.INT2, DataType.UINT2, DataType.FLOAT8E4M3FN,
      DataType.FLOAT8E4M3FNUZ, DataType.FLOAT8E5M2, DataType.FLOAT8E5M2FNUZ, DataType.FLOAT4E2M1);
  static final Set<DataType> EIGHT_BIT = EnumSet.of(DataType.INT8, DataType.UINT8);
  static final Set<DataType> SCALE = EnumSet.of(DataType.FLOAT, DataType.FLOAT16, DataType.BFLOAT16);

  private Quantization() {}

  /** saturate(round_half_even(v) + zeroPoint) into {@code t}'s range. */
  public static long quantize(float v, long zeroPoint, DataType t) {
    double r = Math.rint(v) + zeroPoint;
    return (long) Math.max(ElementTypes.minValue(t), Math.min(ElementTypes.maxValue(t), r));
  }

  static void requireType(Node node, String what, TensorType t, Set<DataType> allowed) {
    if (!allowed.contains(t.dtype())) {
      throw new UnsupportedModelException(node.describe() + ": " + what + " of type " + t
          + " is not supported (allowed: " + allowed + ")");
    }
  }
}
