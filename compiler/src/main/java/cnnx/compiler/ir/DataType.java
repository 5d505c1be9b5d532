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
  BFLOAT16(16, 2);

  private final int onnxCode;
  private final int byteSize;

  DataType(int onnxCode, int byteSize) {
    this.onnxCode = onnxCode;
    this.byteSize = byteSize;
  }

  public int onnxCode() {
    return onnxCode;
  }

  /** Bytes per element in ONNX raw_data. */
  public int byteSize() {
    return byteSize;
  }

  /** True where cnnx stores the elements as float32 (FLOAT, FLOAT16, BFLOAT16, DOUBLE). */
  public boolean isFloating() {
    return this == FLOAT || this == DOUBLE || this == FLOAT16 || this == BFLOAT16;
  }

  /** True for the 16-bit float formats, whose float32-held values are rounded to the format. */
  public boolean isHalf() {
    return this == FLOAT16 || this == BFLOAT16;
  }

  /** The nearest value of this floating type (ties to even), as a float32. */
  public float round(float v) {
    return switch (this) {
      case FLOAT16 -> Float.float16ToFloat(Float.floatToFloat16(v));
      case BFLOAT16 -> Float.intBitsToFloat(HalfFloats.toBfloat16Bits(v) << 16);
      default -> v;
    };
  }

  public static DataType fromOnnx(int code, String where) {
    for (DataType t : values()) {
      if (t.onnxCode == code) {
        return t;
      }
    }
    throw new UnsupportedModelException(where + ": element type code " + code + " is not supported"
        + " (cnnx has float32/float16/bfloat16/double and the 8- to 64-bit integer and bool types)");
  }
}
