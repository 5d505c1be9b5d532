package cnnx.compiler.ops.tensor;

import cnnx.compiler.ir.Tensor;

/** Element values as doubles, for ops that compare or accumulate any numeric type. */
final class Values {
  private Values() {}

  /** Every element as a double; int64 beyond 2^53 loses precision, which comparisons of real indices never meet. */
  static double[] asDoubles(Tensor t) {
    int n = t.size();
    double[] out = new double[n];
    if (t.isFloating()) {
      float[] a = t.floats();
      for (int i = 0; i < n; i++) {
        out[i] = a[i];
      }
    } else {
      long[] a = t.longs();
      for (int i = 0; i < n; i++) {
        out[i] = a[i];
      }
    }
    return out;
  }
}
