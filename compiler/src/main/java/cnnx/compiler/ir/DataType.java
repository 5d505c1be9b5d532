package cnnx.compiler.ir;

import cnnx.compiler.error.UnsupportedModelException;

/**
 * Element types cnnx computes with; codes are ONNX's TensorProto.DataType values. Floating types
 * are held as float32 (FLOAT16 and BFLOAT16 values rounded to their format, DOUBLE narrowed);
 * integer and bool types as int64 (UINT64 above 2^63 - 1 wraps to negative).
 */
public enum DataType {
  FLOAT(1, 4),
  UINT8(2, 1),
  INT8(3, 1),
  UINT16(4, 2),
  INT16(5, 2),
  INT32(6, 4),
  INT64(7, 8),
  BOOL(9, 1),
  FLOAT16(10, 2),
  DOUBLE(11, 8),
  UINT32(12, 4),
  UINT64(13, 8),
  BFLOAT16(16, 2),
  FLOAT8E4M3FN(17, 1),
  FLOAT8E4M3FNUZ(18, 1),
  FLOAT8E5M2(19, 1),
  FLOAT8E5M2FNUZ(20, 1),
  UINT4(21, -4),
  INT4(22, -4),
  FLOAT4E2M1(23, -4),
  FLOAT8E8M0(24, 1),
  UINT2(25, -2),
  INT2(26, -2);

  private final int onnxCode;
  /** Bytes per element; negative: bits per element of a type packed several to a byte. */
  private final int byteSize;

  DataType(int onnxCode, int byteSize) {
    this.onnxCode = onnxCode;
    this.byteSize = byteSize;
  }

  /** Bits per element. */
  public int bits() {
    return byteSize < 0 ? -byteSize : byteSize * 8;
  }

  /** Bytes of ONNX raw_data for {@code count} elements (4- and 2-bit types are packed). */
  public long rawBytes(long count) {
    return (count * bits() + 7) / 8;
  }

  /** The code of element value v of this 8-bit-or-narrower type (float codes as stored, integers masked). */
  public int code(float v) {
    return this == FLOAT8E8M0 ? E8M0.encode(v, true, "up") : miniFloat().encode(v, false);
  }

  /** The value of a float code of this 8-bit-or-narrower float type. */
  public float decode(int code) {
    return this == FLOAT8E8M0 ? E8M0.decode(code) : miniFloat().decode(code);
  }

  /** The 8- or 4-bit float format of this type (not float8e8m0, which has no mantissa), or null. */
  public MiniFloat miniFloat() {
    return switch (this) {
      case FLOAT8E4M3FN -> MiniFloat.E4M3FN;
      case FLOAT8E4M3FNUZ -> MiniFloat.E4M3FNUZ;
      case FLOAT8E5M2 -> MiniFloat.E5M2;
      case FLOAT8E5M2FNUZ -> MiniFloat.E5M2FNUZ;
      case FLOAT4E2M1 -> MiniFloat.E2M1;
      default -> null;
    };
  }

  public int onnxCode() {
    return onnxCode;
  }

  /** Bytes per element in ONNX raw_data (1 for the packed sub-byte types: see {@link #rawBytes}). */
  public int byteSize() {
    return Math.max(1, byteSize);
  }

  /** True where cnnx stores the elements as float32 (every float type, DOUBLE narrowed). */
  public boolean isFloating() {
    return this == FLOAT || this == DOUBLE || this == FLOAT16 || this == BFLOAT16 || this == FLOAT8E8M0
        || miniFloat() != null;
  }

  /** True for the float formats narrower than float32, whose float32-held values are rounded to the format. */
  public boolean isHalf() {
    return this == FLOAT16 || this == BFLOAT16 || this == FLOAT8E8M0 || miniFloat() != null;
  }

  /** The nearest value of this floating type (ties to even), as a float32. */
  public float round(float v) {
    return switch (this) {
      case FLOAT16 -> Float.float16ToFloat(Float.floatToFloat16(v));
      case BFLOAT16 -> Float.intBitsToFloat(HalfFloats.toBfloat16Bits(v) << 16);
      case FLOAT, DOUBLE -> v;
      case FLOAT8E8M0 -> E8M0.round(v, true, "up");
      default -> miniFloat() != null ? miniFloat().round(v, false) : v;
    };
  }

  public static DataType fromOnnx(int code, String where) {
    for (DataType t : values()) {
      if (t.onnxCode == code) {
        return t;
      }
    }
    throw new UnsupportedModelException(where + ": element type code " + code + " is not supported"
        + " (cnnx has the float types up to double, the 2- to 64-bit integers and bool)");
  }
}
