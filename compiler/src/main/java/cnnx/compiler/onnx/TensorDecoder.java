package cnnx.compiler.onnx;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.HalfFloats;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * TensorProto → Tensor. Sizes are checked against the bytes present before any allocation; raw
 * data must match the declared size exactly.
 */
public final class TensorDecoder {
  private final ModelLimits limits;
  private final ExternalDataReader external;

  /** @param external reader for external data, or null when the model has no folder (bytes). */
  public TensorDecoder(ModelLimits limits, ExternalDataReader external) {
    this.limits = limits;
    this.external = external;
  }

  public Tensor decode(TensorProto t, String where) {
    String what = where + ": tensor '" + t.getName() + "'";
    if (!t.hasDataType() || t.getDataType() == 0) {
      throw new InvalidModelException(what + " has no data_type");
    }
    if (t.getDataType() == TensorProto.DataType.STRING_VALUE) {
      throw new UnsupportedModelException(what + ": element type "
          + TensorProto.DataType.forNumber(t.getDataType()) + " is not supported");
    }
    DataType dtype = DataType.fromOnnx(t.getDataType(), what);
    if (t.getDimsCount() > limits.maxRank()) {
      throw new InvalidModelException(what + " has rank " + t.getDimsCount() + ", over the limit " + limits.maxRank());
    }
    long[] dims = new long[t.getDimsCount()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = t.getDims(i);
      if (dims[i] < 0) {
        throw new InvalidModelException(what + " has negative dimension " + dims[i]);
      }
    }
    long n = Shapes.sizeOrMinusOne(dims);
    if (n < 0 || n > limits.maxTensorElements()) {
      throw new InvalidModelException(what + " declares " + java.util.Arrays.toString(dims)
          + ", over the limit of " + limits.maxTensorElements() + " elements");
    }
    int[] shape = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      shape[i] = (int) dims[i];
    }
    int count = (int) n;
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
      if (external == null) {
        throw new InvalidModelException(what + " uses external data, but the model was loaded from bytes");
      }
      byte[] raw = external.read(t, dtype.rawBytes(count), what);
      return fromRaw(ByteBuffer.wrap(raw), dtype, shape, count);
    }
    if (t.getExternalDataCount() > 0) {
      throw new InvalidModelException(what + " lists external_data but data_location is not EXTERNAL");
    }
    if (t.hasRawData()) {
      long expected = dtype.rawBytes(count);
      if (t.getRawData().size() != expected) {
        throw new InvalidModelException(what + ": raw_data has " + t.getRawData().size()
            + " bytes, shape " + java.util.Arrays.toString(dims) + " of " + dtype + " needs " + expected);
      }
      return fromRaw(t.getRawData().asReadOnlyByteBuffer(), dtype, shape, count);
    }
    return fromTyped(t, dtype, shape, count, what);
  }

  private static Tensor fromRaw(ByteBuffer b, DataType dtype, int[] shape, int count) {
    b = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (dtype.bits() < 16 && dtype != DataType.INT8 && dtype != DataType.UINT8 && dtype != DataType.BOOL) {
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      return SubByte.unpack(dtype, shape, count, i -> bytes[i] & 0xFF);
    }
    switch (dtype) {
      case FLOAT -> {
        float[] a = new float[count];
        b.asFloatBuffer().get(a);
        return Tensor.ofFloats(shape, a);
      }
      case DOUBLE -> {
        float[] a = new float[count];
        for (int i = 0; i < count; i++) {
          a[i] = (float) b.getDouble();
        }
        return Tensor.ofFloats(DataType.DOUBLE, shape, a);
      }
      case FLOAT16, BFLOAT16 -> {
        float[] a = new float[count];
        for (int i = 0; i < count; i++) {
          a[i] = HalfFloats.fromBits(dtype, b.getShort());
        }
        return Tensor.ofFloats(dtype, shape, a);
      }
      default -> {
        long[] a = new long[count];
        for (int i = 0; i < count; i++) {
          a[i] = switch (dtype) {
            case INT64, UINT64 -> b.getLong();
            case INT32 -> b.getInt();
            case UINT32 -> b.getInt() & 0xFFFFFFFFL;
            case INT16 -> b.getShort();
            case UINT16 -> b.getShort() & 0xFFFF;
            case INT8 -> b.get();
            case UINT8 -> b.get() & 0xff;
            case BOOL -> b.get() != 0 ? 1 : 0;
            default -> throw new IllegalStateException(dtype.name());
          };
        }
        return Tensor.ofLongs(dtype, shape, a);
      }
    }
  }

  private static Tensor fromTyped(TensorProto t, DataType dtype, int[] shape, int count, String what) {
    int have = switch (dtype) {
      case INT4, UINT4, FLOAT4E2M1, INT2, UINT2 -> (int) Math.min(count,
          (long) t.getInt32DataCount() * 8 / dtype.bits());
      case FLOAT -> t.getFloatDataCount();
      case DOUBLE -> t.getDoubleDataCount();
      case INT64 -> t.getInt64DataCount();
      case UINT32, UINT64 -> t.getUint64DataCount();
      default -> t.getInt32DataCount(); // also FLOAT16/BFLOAT16 bit patterns and the narrow integers
    };
    if (have != count) {
      throw new InvalidModelException(what + " has " + have + " elements, its shape needs " + count);
    }
    switch (dtype) {
      case FLOAT -> {
        float[] a = new float[count];
        for (int i = 0; i < count; i++) {
          a[i] = t.getFloatData(i);
        }
        return Tensor.ofFloats(shape, a);
      }
      case DOUBLE -> {
        float[] a = new float[count];
        for (int i = 0; i < count; i++) {
          a[i] = (float) t.getDoubleData(i);
        }
        return Tensor.ofFloats(DataType.DOUBLE, shape, a);
      }
      case INT64 -> {
        long[] a = new long[count];
        for (int i = 0; i < count; i++) {
          a[i] = t.getInt64Data(i);
        }
        return Tensor.ofLongs(dtype, shape, a);
      }
      case UINT32, UINT64 -> {
        long[] a = new long[count];
        for (int i = 0; i < count; i++) {
          a[i] = t.getUint64Data(i);
        }
        return Tensor.ofLongs(dtype, shape, a);
      }
      case FLOAT16, BFLOAT16 -> {
        float[] a = new float[count];
        for (int i = 0; i < count; i++) {
          a[i] = HalfFloats.fromBits(dtype, t.getInt32Data(i));
        }
        return Tensor.ofFloats(dtype, shape, a);
      }
      case FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ, FLOAT8E8M0, INT4, UINT4, FLOAT4E2M1, INT2,
          UINT2 -> {
        // One int32_data entry per byte of the packed (or, for float8, unpacked) codes.
        return SubByte.unpack(dtype, shape, count, i -> t.getInt32Data(i) & 0xFF);
      }
      default -> {
        long[] a = new long[count];
        for (int i = 0; i < count; i++) {
          int v = t.getInt32Data(i);
          a[i] = switch (dtype) {
            case BOOL -> v != 0 ? 1 : 0;
            case UINT8 -> v & 0xff;
            case UINT16 -> v & 0xffff;
            case INT16 -> (short) v;
            case INT8 -> (byte) v;
            default -> v;
          };
        }
        return Tensor.ofLongs(dtype, shape, a);
      }
    }
  }
}
