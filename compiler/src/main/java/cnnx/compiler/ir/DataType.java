package cnnx.compiler.ir;

import cnnx.compiler.error.UnsupportedModelException;

/** Element types cnnx computes with; codes are ONNX's TensorProto.DataType values. */
public enum DataType {
  FLOAT(1, 4),
  UINT8(2, 1),
  INT8(3, 1),
  INT32(6, 4),
  INT64(7, 8),
  BOOL(9, 1),
  DOUBLE(11, 8);

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

  /** True where cnnx stores the elements as float (FLOAT, DOUBLE narrowed on load). */
  public boolean isFloating() {
    return this == FLOAT || this == DOUBLE;
  }

  public static DataType fromOnnx(int code, String where) {
    for (DataType t : values()) {
      if (t.onnxCode == code) {
        return t;
      }
    }
    throw new UnsupportedModelException(where + ": element type code " + code + " is not supported"
        + " (cnnx computes in float32 with int64/int32/int8/uint8/bool index tensors)");
  }
}
