package cnnx.compiler.ir;

/**
 * The 8- and 4-bit float formats ONNX stores (float8 e4m3fn, e4m3fnuz, e5m2, e5m2fnuz and float4
 * e2m1), as ml_dtypes defines them: codes to float32 and float32 to the nearest code (ties to an
 * even code). "fnuz" formats have one NaN (0x80) and no negative zero; e4m3fn has NaN but no
 * infinity; e5m2 has both; e2m1 has neither and always saturates.
 */
public enum MiniFloat {
  E4M3FN(4, 3, 7, false, false, true),
  E4M3FNUZ(4, 3, 8, true, false, false),
  E5M2(5, 2, 15, false, true, false),
  E5M2FNUZ(5, 2, 16, true, false, false),
  E2M1(2, 1, 1, false, false, false);

  private final int expBits;
  private final int manBits;
  private final int bias;
  private final boolean fnuz;
  private final boolean hasInf;
  /** NaN is the all-ones exponent and mantissa (e4m3fn), the only code above the largest finite one. */
  private final boolean nanAllOnes;
  private final float[] values;
  private final int maxCode;

  MiniFloat(int expBits, int manBits, int bias, boolean fnuz, boolean hasInf, boolean nanAllOnes) {
    this.nanAllOnes = nanAllOnes;
    this.expBits = expBits;
    this.manBits = manBits;
    this.bias = bias;
    this.fnuz = fnuz;
    this.hasInf = hasInf;
    int codes = 1 << (1 + expBits + manBits);
    values = new float[codes];
    int max = 0;
    for (int c = 0; c < codes; c++) {
      values[c] = decodeBits(c);
      if (c < codes / 2 && Float.isFinite(values[c]) && values[c] > values[max]) {
        max = c;
      }
    }
    maxCode = max;
  }

  private float decodeBits(int c) {
    int signBit = 1 << (expBits + manBits);
    boolean negative = (c & signBit) != 0;
    int exp = (c >> manBits) & ((1 << expBits) - 1);
    int man = c & ((1 << manBits) - 1);
    int expMax = (1 << expBits) - 1;
    if (fnuz && c == signBit) {
      return Float.NaN;
    }
    if (nanAllOnes && exp == expMax && man == (1 << manBits) - 1) {
      return Float.NaN;
    }
    if (hasInf && exp == expMax) {
      return man == 0 ? (negative ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY) : Float.NaN;
    }
    double v = exp == 0 ? man * Math.pow(2, 1 - bias - manBits) : (1 + man / (double) (1 << manBits)) * Math.pow(2, exp - bias);
    return (float) (negative ? -v : v);
  }

  /** The number of bits of a code. */
  public int bits() {
    return 1 + expBits + manBits;
  }

  public float max() {
    return values[maxCode];
  }

  public float decode(int code) {
    return values[code & ((1 << bits()) - 1)];
  }

  /** The code nearest v; out of range: the largest finite value when saturating, else inf or NaN. */
  public int encode(float v, boolean saturate) {
    int signBit = 1 << (expBits + manBits);
    if (Float.isNaN(v)) {
      // e2m1 has no NaN: ml_dtypes gives -0, the sign bit alone, as for the fnuz formats' NaN.
      return nanAllOnes ? 0x7F : hasInf ? 0x7E : signBit;
    }
    boolean negative = v < 0 || (v == 0 && 1 / v < 0);
    float a = Math.abs(v);
    int code;
    if (a > max()) {
      float halfStep = (max() - values[maxCode - 1]) / 2;
      boolean roundsToMax = a < max() + halfStep || (a == max() + halfStep && (maxCode & 1) == 0);
      boolean alwaysSaturates = !fnuz && !hasInf && !nanAllOnes; // e2m1
      if (saturate || alwaysSaturates || (roundsToMax && !Float.isInfinite(a))) {
        code = maxCode;
      } else if (hasInf) {
        return (negative ? signBit : 0) | (((1 << expBits) - 1) << manBits);
      } else {
        return nanAllOnes ? (negative ? 0xFF : 0x7F) : signBit;
      }
    } else {
      code = 0;
      for (int c = 1; c <= maxCode; c++) {
        float d = Math.abs(values[c] - a);
        float best = Math.abs(values[code] - a);
        if (d < best || (d == best && (c & 1) == 0)) {
          code = c;
        }
      }
    }
    if (negative && !(fnuz && code == 0)) {
      code |= signBit;
    }
    return code;
  }

  /** v rounded to this format as a float32. */
  public float round(float v, boolean saturate) {
    return decode(encode(v, saturate));
  }
}
