package cnnx.compiler.onnx;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ops.elementwise.ElementTypes;
import java.util.function.IntUnaryOperator;

/**
 * The ONNX byte layouts of the float8 types (one code per byte) and of the 4- and 2-bit types
 * (two or four codes per byte, the first element in the lowest bits).
 */
final class SubByte {
  private SubByte() {}

  /** Elements from the unsigned bytes {@code byteAt(0..)}. */
  static Tensor unpack(DataType t, int[] shape, int count, IntUnaryOperator byteAt) {
    int bits = t.bits();
    int perByte = 8 / bits;
    int mask = (1 << bits) - 1;
    boolean floating = t.isFloating();
    float[] floats = floating ? new float[count] : null;
    long[] longs = floating ? null : new long[count];
    for (int i = 0; i < count; i++) {
      int code = (byteAt.applyAsInt(i / perByte) >> ((i % perByte) * bits)) & mask;
      if (floating) {
        floats[i] = t.decode(code);
      } else {
        longs[i] = ElementTypes.minValue(t) < 0 ? ((long) code << (64 - bits)) >> (64 - bits) : code;
      }
    }
    return floating ? Tensor.ofFloats(t, shape, floats) : Tensor.ofLongs(t, shape, longs);
  }

  static byte[] pack(Tensor t) {
    DataType d = t.dtype();
    int bits = d.bits();
    int perByte = 8 / bits;
    int mask = (1 << bits) - 1;
    byte[] out = new byte[(int) d.rawBytes(t.size())];
    for (int i = 0; i < t.size(); i++) {
      int code = d.isFloating() ? d.code(t.floats()[i]) : (int) t.longs()[i];
      out[i / perByte] |= (byte) ((code & mask) << ((i % perByte) * bits));
    }
    return out;
  }
}
