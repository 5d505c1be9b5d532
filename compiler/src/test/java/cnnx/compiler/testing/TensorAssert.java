package cnnx.compiler.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import cnnx.compiler.ir.Tensor;

/** Tensor comparisons with an explicit tolerance: |a - e| <= atol + rtol * |e| per element. */
public final class TensorAssert {
  private TensorAssert() {}

  public static void assertClose(Tensor expected, Tensor actual, double rtol, double atol, String what) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    if (!expected.isFloating()) {
      assertArrayEquals(expected.longs(), actual.longs(), what + ": values");
      return;
    }
    float[] e = expected.floats();
    float[] a = actual.floats();
    assertEquals(e.length, a.length, what + ": size");
    for (int i = 0; i < e.length; i++) {
      boolean bothNan = Float.isNaN(e[i]) && Float.isNaN(a[i]);
      boolean sameInf = Float.isInfinite(e[i]) && e[i] == a[i];
      if (bothNan || sameInf) {
        continue;
      }
      double diff = Math.abs((double) e[i] - a[i]);
      if (!(diff <= atol + rtol * Math.abs(e[i]))) {
        fail(what + ": element " + i + " expected " + e[i] + " got " + a[i] + " (|diff| " + diff + ")");
      }
    }
  }
}
