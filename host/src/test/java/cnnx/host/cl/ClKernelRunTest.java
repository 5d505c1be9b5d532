package cnnx.host.cl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real kernels on a real OpenCL device, checked against the same arithmetic in Java. */
class ClKernelRunTest {
  private static final String AXPY16 =
      """
      // Reversing the lanes checks that float16 element k is the k-th float in memory.
      __kernel void axpy16_reversed(__global const float16* x, __global const float16* y,
                                    __global float16* out, float a) {
        int i = get_global_id(0);
        out[i] = a * x[i].sFEDCBA9876543210 + y[i];
      }
      """;

  private static ClContext context;

  @BeforeAll
  static void open() {
    context = ClContext.open(OpenClTestDevice.require());
  }

  @AfterAll
  static void close() {
    if (context != null) {
      context.close();
    }
  }

  @Test
  void vectorAddMatchesJavaExactly() {
    // Odd size with a guard in the kernel: the last work-items do nothing.
    int n = 1003;
    try (ClProgram program = context.buildProgram(OpenClTestDevice.VECTOR_ADD, "")) {
      assertEquals(ClProgram.Origin.SOURCE, program.origin());
      assertEquals(List.of("vector_add"), program.kernelNames());
      assertArrayEquals(
          OpenClTestDevice.expectedVectorAdd(n), OpenClTestDevice.runVectorAdd(program, n));
    }
  }

  @Test
  void float16KernelMatchesJava() {
    int vectors = 37;
    int n = vectors * 16;
    float a = 1.75f;
    float[] x = OpenClTestDevice.randomFloats(11, n);
    float[] y = OpenClTestDevice.randomFloats(12, n);
    float[] out = new float[n];
    try (ClProgram program = context.buildProgram(AXPY16, "");
        ClKernel kernel = program.kernel("axpy16_reversed");
        ClBuffer xs = context.upload(x);
        ClBuffer ys = context.upload(y);
        ClBuffer outs = context.createBuffer((long) n * Float.BYTES, ClContext.Access.WRITE_ONLY)) {
      kernel.arg(0, xs).arg(1, ys).arg(2, outs).arg(3, a);
      assertTrue(kernel.maxWorkGroupSize() >= 1);
      assertTrue(kernel.preferredWorkGroupSizeMultiple() >= 1);
      try (ClEvent event = context.launch(kernel, new long[] {vectors}, null)) {
        ClEvent.Profile profile = event.profile();
        assertTrue(
            profile.started() > 0 && profile.ended() >= profile.started(), profile.toString());
        assertTrue(profile.queued() <= profile.started(), profile.toString());
      }
      outs.read(out);
    }
    for (int i = 0; i < n; i++) {
      int reversed = (i / 16) * 16 + 15 - i % 16;
      // The device may fuse a*x+y into one FMA; allow for the one extra rounding.
      double expected = (double) a * x[reversed] + y[i];
      assertEquals(expected, out[i], 1e-6 * Math.abs(expected) + 1e-7, "element " + i);
    }
  }

  @Test
  void buffersRoundTripBytesAndInts() {
    int[] values = {7, -3, Integer.MAX_VALUE, Integer.MIN_VALUE, 0};
    int[] back = new int[values.length];
    try (ClBuffer buffer = context.createBuffer(values.length * 4L, ClContext.Access.READ_WRITE)) {
      buffer.write(values);
      // Bytes 12..19 are the last two ints; read them through a direct and a heap buffer.
      for (ByteBuffer tail : List.of(ByteBuffer.allocateDirect(12), ByteBuffer.allocate(12))) {
        tail.order(ByteOrder.nativeOrder()).position(4);
        buffer.read(12, tail);
        assertEquals(0, tail.remaining());
        assertEquals(Integer.MIN_VALUE, tail.getInt(4));
        assertEquals(0, tail.getInt(8));
      }
      ByteBuffer patch = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0, 42);
      buffer.write(4, patch);
      assertEquals(4, patch.position());
      buffer.read(back);
    }
    values[1] = 42;
    assertArrayEquals(values, back);
  }

  @Test
  void transfersOutsideTheBufferAreRefused() {
    try (ClBuffer buffer = context.createBuffer(16, ClContext.Access.READ_WRITE)) {
      var error = assertThrows(IllegalArgumentException.class, () -> buffer.write(new float[5]));
      assertTrue(
          error.getMessage().contains("does not fit a buffer of 16 bytes"), error.getMessage());
    }
  }

  @Test
  void queuedReadsAndWritesHoldTheirBytesOnceTheQueueFinishes() {
    float[] x = OpenClTestDevice.randomFloats(21, 257);
    ByteBuffer in = ByteBuffer.allocateDirect(x.length * Float.BYTES).order(ByteOrder.nativeOrder());
    in.asFloatBuffer().put(x);
    ByteBuffer back = ByteBuffer.allocateDirect(x.length * Float.BYTES).order(ByteOrder.nativeOrder());
    try (ClBuffer b = context.createBuffer((long) x.length * Float.BYTES, ClContext.Access.READ_WRITE)) {
      b.writeAsync(in);
      b.readAsync(back); // behind the write on the in-order queue
      context.finish();
      float[] got = new float[x.length];
      back.asFloatBuffer().get(got);
      assertArrayEquals(x, got);
      assertThrows(IllegalArgumentException.class, () -> b.readAsync(ByteBuffer.allocate(16)));
    }
  }
}
