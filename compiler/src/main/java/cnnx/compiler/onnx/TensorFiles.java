package cnnx.compiler.onnx;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.HalfFloats;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.io.InputStream;
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
      CodedInputStream in = CodedInputStream.newInstance(readBounded(file, limits));
      TensorProto t = TensorProto.parseFrom(in);
      return new TensorDecoder(limits, null).decode(t, source);
    } catch (IOException e) {
      throw new InvalidModelException(source + ": not a valid TensorProto (" + e.getMessage() + ")", e);
    }
  }

  /** The tensor's name as stored in the file, or "" when it has none. */
  public static String readName(Path file) {
    try {
      return TensorProto.parseFrom(readBounded(file, ModelLimits.DEFAULT)).getName();
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

  /**
   * A tensor file's bytes: only a regular file (a fifo would block, a device such as /dev/zero never
   * ends), read through a stream that stops one byte past the limit, so a file that grows while
   * it is read cannot take more memory than the limit either.
   */
  static byte[] readBounded(Path file, ModelLimits limits) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new InvalidModelException(file + ": " + (Files.exists(file) ? "not a regular file" : "no such tensor file"));
    }
    long limit = Math.min(limits.maxFileBytes(), Integer.MAX_VALUE - 8);
    if (Files.size(file) > limit) {
      throw new InvalidModelException(file + ": tensor file over the size limit of " + limit + " bytes");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > limit) {
        throw new InvalidModelException(file + ": tensor file over the size limit of " + limit + " bytes");
      }
      return bytes;
    }
  }

  /** Raw data of one TensorProto is at most 2 GiB (protobuf's message limit), less room for its header. */
  static final long MAX_WRITTEN_BYTES = Integer.MAX_VALUE - (1L << 20);

  public static void write(Path file, String name, Tensor t) throws IOException {
    long bytes = (long) t.size() * t.dtype().byteSize();
    if (bytes > MAX_WRITTEN_BYTES) {
      throw new InvalidModelException("output '" + name + "' " + t.type() + " has " + bytes
          + " bytes, over the " + MAX_WRITTEN_BYTES + " a TensorProto file can hold; not written");
    }
    Files.write(file, encode(name, t).toByteArray());
  }

}
