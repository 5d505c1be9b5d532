package cnnx.compiler.ir;

/**
 * float8e8m0 (the MX formats' scale type): an 8-bit exponent, no sign, no mantissa; code c is
 * 2^(c - 127) and 0xFF is NaN. Conversion from float32 as ONNX's reference does it: round up
 * (default), down or to nearest, saturating at 2^127 unless told not to.
 */
public final class E8M0 {
  private E8M0() {}

  public static float decode(int code) {
    code &= 0xFF;
    return code == 0xFF ? Float.NaN : (float) Math.scalb(1.0, code - 127);
  }

  public static int encode(float v, boolean saturate, String roundMode) {
    int bits = Float.floatToRawIntBits(v);
    int exponent = (bits >>> 23) & 0xFF;
    if (exponent == 0xFF) {
      return 0xFF;
    }
    boolean roundUp = switch (roundMode) {
      case "nearest" -> (bits & 0x400000) != 0 && ((bits & 0x200000) != 0 || (bits & 0x1FFFFF) != 0 || exponent > 0);
      case "up" -> (bits & 0x7FFFFF) != 0;
      case "down" -> false;
      default -> throw new IllegalArgumentException("round_mode " + roundMode);
    };
    if (roundUp && !(saturate && exponent == 0xFE)) {
      exponent++;
    }
    return exponent & 0xFF;
  }

  public static float round(float v, boolean saturate, String roundMode) {
    return decode(encode(v, saturate, roundMode));
  }
}
