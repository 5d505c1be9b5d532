package cnnx.host.cl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Shared (fine-grained SVM) buffers on a CPU device: kernels read and write them as any buffer, the host copies in
 * and out after the queue has run what it holds, and {@code -Dcnnx.svm=off} keeps device buffers.
 */
class SharedBufferTest {
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
  void aKernelReadsAndWritesSharedBuffersAsTheHostSeesThem() {
    assumeTrue(context.sharesHostMemory(), "the device does not share host memory at a fine grain");
    int n = 1003;
    float[] a = OpenClTestDevice.randomFloats(1, n);
    float[] b = OpenClTestDevice.randomFloats(2, n);
    try (ClProgram program = context.buildProgram(OpenClTestDevice.VECTOR_ADD, "");
        ClBuffer x = context.createSharedBuffer((long) n * Float.BYTES);
        ClBuffer y = context.upload(b);
        ClBuffer out = context.createSharedBuffer((long) n * Float.BYTES);
        ClKernel kernel = program.kernel("vector_add")) {
      assertTrue(x.isShared());
      assertFalse(y.isShared());
      x.write(a);
      kernel.arg(0, x).arg(1, y).arg(2, out).arg(3, n);
      // queued, not waited for: the host read below must wait for the kernel first
      context.enqueue(kernel, new long[] {n}, null);
      float[] got = new float[n];
      out.read(got);
      assertArrayEquals(OpenClTestDevice.expectedVectorAdd(n), got);
      // a second run sees the host's new input, written once the queue has run the first
      x.write(b);
      context.enqueue(kernel, new long[] {n}, null);
      ByteBuffer in = ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder());
      out.read(0, in);
      in.flip();
      float[] twice = new float[n];
      in.asFloatBuffer().get(twice);
      for (int i = 0; i < n; i++) {
        assertEquals(b[i] + b[i], twice[i], 0f, "element " + i);
      }
      assertEquals(2 * b[7], out.sharedBytes().getFloat(7 * Float.BYTES), 0f);
    }
  }

  /** A kernel still running when the host reads: the read waits for it, so it sees the kernel's writes. */
  @Test
  void aHostReadWaitsForASlowKernel() {
    assumeTrue(context.sharesHostMemory(), "the device does not share host memory at a fine grain");
    String slow = """
        __kernel void slow_fill(__global float* out, int spins) {
          float v = 0.0f;
          for (int i = 0; i < spins; i++) {
            v = v * 0.5f + 1.0f;
          }
          out[get_global_id(0)] = v + (float)get_global_id(0);
        }
        """;
    try (ClProgram program = context.buildProgram(slow, "");
        ClBuffer out = context.createSharedBuffer(8 * Float.BYTES);
        ClKernel kernel = program.kernel("slow_fill")) {
      out.write(new float[8]);
      kernel.arg(0, out).arg(1, 20_000_000);
      context.enqueue(kernel, new long[] {8}, null);
      float[] got = new float[8];
      out.read(got);
      for (int i = 0; i < 8; i++) {
        assertEquals(2.0f + i, got[i], 0f, "element " + i);
      }
    }
  }

  @Test
  void transfersOutsideTheBufferAndReadsBehindTheQueueAreRefused() {
    assumeTrue(context.sharesHostMemory(), "the device does not share host memory at a fine grain");
    try (ClBuffer s = context.createSharedBuffer(16)) {
      assertThrows(IllegalArgumentException.class, () -> s.write(new float[5]));
      assertThrows(IllegalArgumentException.class, () -> s.read(12, ByteBuffer.allocate(8)));
      assertThrows(IllegalStateException.class, () -> s.readAsync(ByteBuffer.allocateDirect(16)));
      s.write(new float[4]);
      s.write(8, ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putFloat(1.5f).putFloat(-2f).flip());
      float[] back = new float[4];
      s.read(back);
      assertArrayEquals(new float[] {0, 0, 1.5f, -2f}, back);
    }
  }

  @Test
  void turnedOffByAProperty() {
    String old = System.getProperty("cnnx.svm");
    System.setProperty("cnnx.svm", "off");
    try (ClContext off = ClContext.open(OpenClTestDevice.require())) {
      assertFalse(off.sharesHostMemory());
      assertThrows(IllegalStateException.class, () -> off.createSharedBuffer(16));
    } finally {
      if (old == null) {
        System.clearProperty("cnnx.svm");
      } else {
        System.setProperty("cnnx.svm", old);
      }
    }
  }
}
