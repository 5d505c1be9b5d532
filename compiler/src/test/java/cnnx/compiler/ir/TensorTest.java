package cnnx.compiler.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class TensorTest {
  @Test
  void floatBuffersGoInAndComeOut() {
    FloatBuffer in = FloatBuffer.wrap(new float[] {9, 1, 2, 3, 4, 5, 6});
    in.position(1);
    Tensor t = Tensor.ofFloats(new int[] {2, 3}, in);
    assertEquals(1, in.position(), "the caller's buffer is not consumed");
    in.put(1, 42); // and not shared
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.floats());
    FloatBuffer out = t.asFloatBuffer();
    assertTrue(out.isReadOnly());
    assertEquals(6, out.remaining());
    assertEquals(4f, out.get(3));
  }

  @Test
  void elementCountMustMatchTheShape() {
    assertThrows(IllegalArgumentException.class, () -> Tensor.ofFloats(new int[] {2, 2}, FloatBuffer.allocate(3)));
  }
}
