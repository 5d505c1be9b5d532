package cnnx.compiler.onnx;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.HalfFloats;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes single tensors as ONNX TensorProto files (the backend-test {@code *.pb} files). */
public final class TensorFiles {
  private TensorFiles() {}

  public static Tensor read(Path file) {
    return read(file, ModelLimits.DEFAULT);
  }

  public static Tensor read(Path file, ModelLimits limits) {
    String source = file.toString();
    try {
      if (!Files.isRegularFile(file)) {
        throw new InvalidModelException(source + ": no such tensor file");
      }
      if (Files.size(file) > limits.maxFileBytes()) {
        throw new InvalidModelException(source + ": tensor file over the size limit");
      }
      CodedInputStream in = CodedInputStream.newInstance(Files.readAllBytes(file));
      TensorProto t = TensorProto.parseFrom(in);
      return new TensorDecoder(limits, null).decode(t, source);
    } catch (IOException e) {
      throw new InvalidModelException(source + ": not a valid TensorProto (" + e.getMessage() + ")", e);
    }
  }

  /** The tensor's name as stored in the file, or "" when it has none. */
  public static String readName(Path file) {
    try {
      return TensorProto.parseFrom(Files.readAllBytes(file)).getName();
    } catch (IOException e) {
      throw new InvalidModelException(file + ": not a valid TensorProto (" + e.getMessage() + ")", e);
    }
  }

  public static TensorProto encode(String name, Tensor t) {
    TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(t.dtype().onnxCode());
    for (int d : t.shape()) {
      b.addDims(d);
    }
    if (t.dtype().bits() < 16 && t.dtype() != DataType.INT8 && t.dtype() != DataType.UINT8
        && t.dtype() != DataType.BOOL) {
      return b.setRawData(ByteString.copyFrom(SubByte.pack(t))).build();
    }
    ByteBuffer buf = ByteBuffer.allocate(t.size() * t.dtype().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < t.size(); i++) {
      switch (t.dtype()) {
        case FLOAT -> buf.putFloat(t.floats()[i]);
        case DOUBLE -> buf.putDouble(t.floats()[i]);
        case FLOAT16, BFLOAT16 -> buf.putShort((short) HalfFloats.toBits(t.dtype(), t.floats()[i]));
        case INT64, UINT64 -> buf.putLong(t.longs()[i]);
        case INT32, UINT32 -> buf.putInt((int) t.longs()[i]);
        case INT16, UINT16 -> buf.putShort((short) t.longs()[i]);
        case INT8, UINT8, BOOL -> buf.put((byte) t.longs()[i]);
        default -> throw new IllegalStateException("packed type " + t.dtype());
      }
    }
    return b.setRawData(ByteString.copyFrom(buf.array())).build();
  }

  public static void write(Path file, String name, Tensor t) throws IOException {
    Files.write(file, encode(name, t).toByteArray());
  }

}
