package cnnx.compiler.ops.spatial;

/** The one matrix-product loop of Gemm and MatMul, over a row-major right operand. */
final class RowKernel {
  private RowKernel() {}

  /**
   * {@code acc[j] += sum_k a[aOff + k * aStep] * b[bOff + k * n + j]} for j in [0, n): one row of
   * a product, accumulated in double with the innermost loop over contiguous b.
   */
  static void accumulate(float[] a, int aOff, int aStep, int k, float[] b, int bOff, int n, double[] acc) {
    for (int kk = 0; kk < k; kk++) {
      double av = a[aOff + kk * aStep];
      int row = bOff + kk * n;
      for (int j = 0; j < n; j++) {
        acc[j] += av * b[row + j];
      }
    }
  }
}
