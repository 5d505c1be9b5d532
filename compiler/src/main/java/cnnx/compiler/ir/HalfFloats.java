package cnnx.compiler.ir;

/** Bit conversions between float32 and the 16-bit float formats ONNX stores. */
public final class HalfFloats {
  private HalfFloats() {}

  /** bfloat16 bits of v, rounded to nearest even; NaN stays a quiet NaN. */
  public static int toBfloat16Bits(float v) {
    int bits = Float.floatToRawIntBits(v);
    if (Float.isNaN(v)) {
      return ((bits >>> 16) | 0x40) & 0xFFFF;
    }
    int lsb = (bits >>> 16) & 1;
    return ((bits + 0x7FFF + lsb) >>> 16) & 0xFFFF;
  }

  public static float fromBfloat16Bits(int bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  /** The 16-bit pattern of a FLOAT16 or BFLOAT16 element. */
  public static int toBits(DataType t, float v) {
    return t == DataType.FLOAT16 ? Float.floatToFloat16(v) & 0xFFFF : toBfloat16Bits(v);
  }

  public static float fromBits(DataType t, int bits) {
    return t == DataType.FLOAT16 ? Float.float16ToFloat((short) bits) : fromBfloat16Bits(bits);
  }
}
