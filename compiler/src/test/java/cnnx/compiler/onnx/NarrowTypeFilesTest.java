package cnnx.compiler.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.HalfFloats;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** float16, bfloat16 and the 16/32/64-bit integer types through TensorProto files, raw and typed. */
class NarrowTypeFilesTest {
  @TempDir Path dir;

  @Test
  void halfFloatsRoundToNearestEvenOnStorage() {
    // 1 + 2^-11 lies halfway between two float16 values: ties go to the even one (1.0).
    Tensor h = Tensor.ofFloats(DataType.FLOAT16, new int[] {3}, new float[] {1f + 0x1p-11f, 65520f, 1e-8f});
    assertArrayEquals(new float[] {1f, Float.POSITIVE_INFINITY, 0f}, h.floats());
    // bfloat16 keeps float32's exponent: 1 + 2^-8 is halfway, rounds to 1; 1 + 3*2^-8 to 1 + 2^-6.
    Tensor b = Tensor.ofFloats(DataType.BFLOAT16, new int[] {2}, new float[] {1f + 0x1p-8f, 1f + 0x3p-8f});
    assertArrayEquals(new float[] {1f, 1f + 0x1p-6f}, b.floats());
    assertEquals(0x3F80, HalfFloats.toBfloat16Bits(1f));
    assertEquals(Float.NaN, HalfFloats.fromBits(DataType.BFLOAT16, HalfFloats.toBfloat16Bits(Float.NaN)), 0f);
  }

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"FLOAT16", "BFLOAT16"})
  void halfFloatsRoundTripRawAndTyped(DataType t) throws Exception {
    Tensor x = Tensor.ofFloats(t, new int[] {2, 2}, new float[] {0.5f, -3.25f, 1024f, Float.NEGATIVE_INFINITY});
    Path f = dir.resolve("x.pb");
    TensorFiles.write(f, "x", x);
    assertEquals(x, TensorFiles.read(f));
    // Typed form: one 16-bit pattern per int32_data element, as ONNX's helper writes it.
    TensorProto.Builder typed = TensorProto.newBuilder().setDataType(t.onnxCode()).addDims(2).addDims(2);
    for (float v : x.floats()) {
      typed.addInt32Data(HalfFloats.toBits(t, v));
    }
    Files.write(f, typed.build().toByteArray());
    assertArrayEquals(x.floats(), TensorFiles.read(f).floats());
  }

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"INT16", "UINT16", "UINT32", "UINT64"})
  void widerIntegersRoundTrip(DataType t) throws Exception {
    long[] values = switch (t) {
      case INT16 -> new long[] {Short.MIN_VALUE, -1, 0, Short.MAX_VALUE};
      case UINT16 -> new long[] {0, 1, 40000, 65535};
      case UINT32 -> new long[] {0, 1, 3_000_000_000L, 0xFFFFFFFFL};
      default -> new long[] {0, 1, 1L << 40, Long.MAX_VALUE};
    };
    Tensor x = Tensor.ofLongs(t, new int[] {4}, values);
    Path f = dir.resolve("x.pb");
    TensorFiles.write(f, "x", x);
    Tensor back = TensorFiles.read(f);
    assertEquals(t, back.dtype());
    assertArrayEquals(values, back.longs());
  }
}
