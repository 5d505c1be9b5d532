package cnnx.kernels.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.kernels.plan.PlanFileException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanFileTest {
  @TempDir Path dir;

  /** A plan with every kind of field: the thing a round trip must keep exactly. */
  static Plan samplePlan() {
    List<KernelSource> programs = List.of(
        new KernelSource("__kernel void k(__global float* a) { a[0] = 1.0f; }", "-cl-fast-relaxed-math"),
        new KernelSource("// Größe ≥ 0 — 畳み込み\n__kernel void c() {}", ""));
    List<BufferSpec> buffers = List.of(
        new BufferSpec(0, "input", ElementType.FLOAT, 24, 0, new int[] {1, 2, 3, 4}, 1),
        new BufferSpec(1, "const:conv.weight", ElementType.FLOAT, 6, 1, new int[] {2, 3}, 1),
        new BufferSpec(2, "const:shape", ElementType.LONG, 3, 2, new int[] {3}, 7),
        new BufferSpec(3, "свёртка/выход", ElementType.FLOAT, 24, 0, new int[] {}, 1));
    float[] weights = {1.5f, -0.0f, Float.MIN_VALUE, Float.POSITIVE_INFINITY,
        Float.intBitsToFloat(0x7fc0_1234), Float.MAX_VALUE}; // a NaN with a payload: bits must survive
    long[] shape = {Long.MIN_VALUE, -1, Long.MAX_VALUE};
    List<KernelArg> args = List.of(new KernelArg.Buffer(0), new KernelArg.Int(-7), new KernelArg.Long(1L << 40),
        new KernelArg.Float(Float.intBitsToFloat(0xffc0_0001)), new KernelArg.Buffer(3));
    Map<String, Integer> outputs = new LinkedHashMap<>();
    outputs.put("z_last", 3); // graph order, not alphabetical
    outputs.put("a_first", 2);
    return new Plan(programs, buffers, List.of(96L, 24L, 24L),
        Map.of(1, weights, 2, shape),
        Map.of("input", 0, "zweite Eingabe", 1),
        outputs,
        List.of(new TensorSpec("input", 1, new int[] {1, 2, 3, 4})),
        List.of(new TensorSpec("z_last", 1, new int[] {1, 2, 3, 4}), new TensorSpec("a_first", 7, new int[] {3})),
        List.of(
            new Launch("k", 0, args, new long[] {24}, null, List.of("Conv_0", "Relu_1"), List.of(3), ""),
            new Launch("c", 1, List.of(), new long[] {8, 4, 2}, new long[] {4, 2, 1}, List.of("ノード/2"),
                List.of(), "pool not fused: windows overlap")),
        new PlanOrigin("opencl:0", "fp-123", "PoCL cpu, 2 CUs", "ab".repeat(32)));
  }

  @Test
  void roundTripKeepsEveryField() throws IOException {
    Plan p = samplePlan();
    Path file = dir.resolve("model.plan");
    PlanFile.write(p, file);
    assertSamePlan(p, PlanFile.read(file));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temporary file left behind");
    }
  }

  @Test
  void roundTripWithoutOriginOrConstants() throws IOException {
    Plan p = new Plan(List.of(), List.of(), List.of(), Map.of(), Map.of(), Map.of(), List.of(), List.of(),
        List.of(new Launch(null, 0, List.of(), new long[] {1}, null, List.of(), List.of(), null)), null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PlanFile.write(p, out);
    Plan back = PlanFile.read(new ByteArrayInputStream(out.toByteArray()), out.size());
    assertNull(back.origin());
    assertNull(back.launches().get(0).kernelName());
    assertNull(back.launches().get(0).note());
    assertSamePlan(p, back);
  }

  @Test
  void equalPlansGiveEqualBytes() throws IOException {
    assertArrayEquals(bytes(samplePlan()), bytes(samplePlan()));
  }

  @Test
  void rewriteReplacesTheOldFile() {
    Path file = dir.resolve("model.plan");
    PlanFile.write(new Plan(List.of(), List.of(), List.of(), Map.of(), Map.of(), Map.of(), List.of(), List.of(),
        List.of(), PlanOrigin.unknown()), file);
    PlanFile.write(samplePlan(), file);
    assertSamePlan(samplePlan(), PlanFile.read(file));
  }

  @Test
  void anyFlippedByteIsRefused() throws IOException {
    byte[] good = bytes(samplePlan());
    int[] positions = IntStream.concat(
        IntStream.range(0, PlanFile.HEADER_BYTES), // every header byte: magic, version, length, checksum
        IntStream.of(PlanFile.HEADER_BYTES, good.length / 2, good.length / 2 + 1, good.length - 2, good.length - 1))
        .toArray();
    for (int pos : positions) {
      byte[] bad = good.clone();
      bad[pos] ^= 0x10;
      PlanFileException e = assertThrows(PlanFileException.class, () -> PlanFile.read(bad), "byte " + pos);
      Reason expected = pos < 8 ? Reason.NOT_A_PLAN
          : pos < 12 ? Reason.UNSUPPORTED_VERSION
          : pos < 20 ? e.reason() // a changed length is either too long or leaves bytes over
          : Reason.DAMAGED;
      assertEquals(expected, e.reason(), "byte " + pos + ": " + e.getMessage());
      if (pos >= 12 && pos < 20) {
        assertTrue(e.reason() == Reason.TRUNCATED || e.reason() == Reason.MALFORMED, e.getMessage());
      }
    }
  }

  @Test
  void truncationIsRefused() throws IOException {
    Path file = dir.resolve("cut.plan");
    byte[] good = bytes(samplePlan());
    for (int n : new int[] {0, 3, 8, 11, 20, PlanFile.HEADER_BYTES - 1, PlanFile.HEADER_BYTES,
        PlanFile.HEADER_BYTES + 1, good.length / 2, good.length - 1}) {
      Files.write(file, java.util.Arrays.copyOf(good, n));
      PlanFileException e = assertThrows(PlanFileException.class, () -> PlanFile.read(file), "length " + n);
      assertEquals(Reason.TRUNCATED, e.reason(), "length " + n + ": " + e.getMessage());
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
  }

  @Test
  void futureVersionIsRefused() throws IOException {
    byte[] bad = bytes(samplePlan());
    ByteBuffer.wrap(bad).putInt(8, PlanFile.VERSION + 1);
    PlanFileException e = assertThrows(PlanFileException.class, () -> PlanFile.read(bad));
    assertEquals(Reason.UNSUPPORTED_VERSION, e.reason());
    assertTrue(e.getMessage().contains("version " + (PlanFile.VERSION + 1)), e.getMessage());
  }

  @Test
  void randomBytesAreNotAPlan() throws IOException {
    byte[] noise = new byte[4096];
    new Random(42).nextBytes(noise);
    Path file = dir.resolve("noise.plan");
    Files.write(file, noise);
    PlanFileException e = assertThrows(PlanFileException.class, () -> PlanFile.read(file));
    assertEquals(Reason.NOT_A_PLAN, e.reason());
    assertEquals(1, e.getMessage().lines().count());
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
  }

  @Test
  void hugeLengthFieldAllocatesNothing() throws IOException {
    byte[] bad = bytes(samplePlan());
    ByteBuffer.wrap(bad).putLong(12, Integer.MAX_VALUE - 16);
    assertEquals(Reason.TRUNCATED, assertThrows(PlanFileException.class, () -> PlanFile.read(bad)).reason());
    // a stream with a generous bound: only the bytes that arrive are buffered
    PlanFileException e = assertThrows(PlanFileException.class,
        () -> PlanFile.read(new ByteArrayInputStream(bad), Long.MAX_VALUE));
    assertEquals(Reason.TRUNCATED, e.reason());
    ByteBuffer.wrap(bad).putLong(12, Long.MAX_VALUE);
    assertEquals(Reason.MALFORMED, assertThrows(PlanFileException.class, () -> PlanFile.read(bad)).reason());
  }

  @Test
  void hugeCountsInsideAValidPayloadAllocateNothing() {
    // checksum right, contents wrong: 2^31-1 programs, then a string claiming 2 GB
    for (int[] payload : new int[][] {{Integer.MAX_VALUE}, {1, Integer.MAX_VALUE - 1}, {1, -5}}) {
      ByteBuffer b = ByteBuffer.allocate(payload.length * 4 + 16);
      for (int v : payload) {
        b.putInt(v);
      }
      PlanFileException e = assertThrows(PlanFileException.class, () -> PlanFile.read(wrap(b.array())));
      assertEquals(Reason.MALFORMED, e.reason(), e.getMessage());
    }
  }

  @Test
  void validChecksumButTrailingGarbageIsMalformed() throws IOException {
    byte[] good = bytes(samplePlan());
    byte[] payload = java.util.Arrays.copyOfRange(good, PlanFile.HEADER_BYTES, good.length + 3);
    assertEquals(Reason.MALFORMED, assertThrows(PlanFileException.class, () -> PlanFile.read(wrap(payload))).reason());
  }

  @Test
  void missingFileAndDirectoryAreClearErrors() {
    PlanFileException missing = assertThrows(PlanFileException.class, () -> PlanFile.read(dir.resolve("none.plan")));
    assertEquals(Reason.IO, missing.reason());
    assertTrue(missing.getMessage().contains("no such plan file"), missing.getMessage());
    PlanFileException directory = assertThrows(PlanFileException.class, () -> PlanFile.read(dir));
    assertTrue(directory.getMessage().contains("is a directory"), directory.getMessage());
    PlanFileException noFolder = assertThrows(PlanFileException.class,
        () -> PlanFile.write(samplePlan(), dir.resolve("no/such/folder/x.plan")));
    assertEquals(Reason.IO, noFolder.reason());
  }

  @Test
  void sha256OfAFile() throws IOException {
    Path f = dir.resolve("abc");
    Files.writeString(f, "abc");
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", PlanFile.sha256(f));
  }

  private static byte[] bytes(Plan p) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PlanFile.write(p, out);
    return out.toByteArray();
  }

  /** A well-formed header around any payload, checksum included. */
  private static byte[] wrap(byte[] payload) throws Exception {
    ByteBuffer b = ByteBuffer.allocate(PlanFile.HEADER_BYTES + payload.length);
    b.put("CNNXPLAN".getBytes(StandardCharsets.US_ASCII)).putInt(PlanFile.VERSION).putLong(payload.length)
        .put(MessageDigest.getInstance("SHA-256").digest(payload)).put(payload);
    return b.array();
  }

  static void assertSamePlan(Plan want, Plan got) {
    assertEquals(want.programs(), got.programs());
    assertEquals(want.buffers().size(), got.buffers().size());
    for (int i = 0; i < want.buffers().size(); i++) {
      BufferSpec w = want.buffers().get(i);
      BufferSpec g = got.buffers().get(i);
      assertEquals(List.of(w.id(), w.value(), w.type(), w.elements(), w.slot(), w.onnxType()),
          List.of(g.id(), g.value(), g.type(), g.elements(), g.slot(), g.onnxType()));
      assertArrayEquals(w.shape(), g.shape());
    }
    assertEquals(want.slotBytes(), got.slotBytes());
    assertEquals(want.constants().keySet(), got.constants().keySet());
    want.constants().forEach((id, w) -> {
      Object g = got.constants().get(id);
      if (w instanceof float[] f) {
        assertArrayEquals(floatBits(f), floatBits((float[]) g), "constant " + id);
      } else {
        assertArrayEquals((long[]) w, (long[]) g, "constant " + id);
      }
    });
    assertEquals(want.inputs(), got.inputs());
    assertEquals(List.copyOf(want.outputs().entrySet()), List.copyOf(got.outputs().entrySet()), "outputs in order");
    assertEquals(want.inputSpecs(), got.inputSpecs());
    assertEquals(want.outputSpecs(), got.outputSpecs());
    assertEquals(want.launches().size(), got.launches().size());
    for (int i = 0; i < want.launches().size(); i++) {
      Launch w = want.launches().get(i);
      Launch g = got.launches().get(i);
      assertEquals(w.kernelName(), g.kernelName());
      assertEquals(w.program(), g.program());
      assertEquals(w.args().size(), g.args().size());
      for (int a = 0; a < w.args().size(); a++) {
        if (w.args().get(a) instanceof KernelArg.Float f) {
          assertEquals(Float.floatToRawIntBits(f.value()),
              Float.floatToRawIntBits(((KernelArg.Float) g.args().get(a)).value()), "float arg bits");
        } else {
          assertEquals(w.args().get(a), g.args().get(a));
        }
      }
      assertArrayEquals(w.globalSize(), g.globalSize());
      assertArrayEquals(w.localSize(), g.localSize());
      assertEquals(w.onnxNodes(), g.onnxNodes());
      assertEquals(w.outputs(), g.outputs());
      assertEquals(w.note(), g.note());
    }
    assertEquals(want.origin(), got.origin());
  }

  private static int[] floatBits(float[] f) {
    return IntStream.range(0, f.length).map(i -> Float.floatToRawIntBits(f[i])).toArray();
  }
}
