package cnnx.compiler.ops.quant;

import cnnx.compiler.ir.Tensor;
import java.util.Arrays;

/** Zero points and scales spread to one entry per row, column or channel. */
final class ZeroPoints {
  private ZeroPoints() {}

  /** {@code t}'s integer values for each of {@code n} rows: one shared value or one per row. */
  static long[] spread(Tensor t, int n) {
    long[] out = new long[n];
    if (t == null) {
      return out;
    }
    long[] v = t.longs();
    if (v.length == 1) {
      Arrays.fill(out, v[0]);
      return out;
    }
    System.arraycopy(v, 0, out, 0, n);
    return out;
  }

  static float[] spreadFloats(Tensor t, int n) {
    float[] out = new float[n];
    float[] v = t.floats();
    if (v.length == 1) {
      Arrays.fill(out, v[0]);
      return out;
    }
    System.arraycopy(v, 0, out, 0, n);
    return out;
  }
}
