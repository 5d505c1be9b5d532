package cnnx.host.device.aparapi.kernels;

/**
 * Gemm and (batched, broadcast) MatMul: y[b, m, n] = act(alpha * sum_k A[b, m, k] * B[b, k, n] + beta * C[m, n]).
 * Transposes and broadcasts are strides (0 for a broadcast dim); each batch's A and B start at host-computed
 * offsets. One work-item per output element.
 */
public final class MatrixKernel extends UnaryKernelBase {
  public float[] a = new float[1];
  public float[] b = new float[1];
  public float[] c = new float[1];
  public float[] y = new float[1];
  public int[] aOffset = new int[1];
  public int[] bOffset = new int[1];
  public int total;
  public int rows;
  public int cols;
  public int depth;
  public int aRowStride;
  public int aDepthStride;
  public int bDepthStride;
  public int bColStride;
  public int hasC;
  public int cRowStride;
  public int cColStride;
  public float alpha;
  public float beta;
  public int activation;
  public float actA;
  public float actB;

  @Override
  public void run() {
    int i = getGlobalId();
    if (i < total) {
      int n = i % cols;
      int t = i / cols;
      int m = t % rows;
      int batch = t / rows;
      int aRow = aOffset[batch] + m * aRowStride;
      int bCol = bOffset[batch] + n * bColStride;
      float sum = 0f;
      for (int k = 0; k < depth; k++) {
        sum += a[aRow + k * aDepthStride] * b[bCol + k * bDepthStride];
      }
      float v = alpha * sum;
      if (hasC == 1) {
        v += beta * c[m * cRowStride + n * cColStride];
      }
      y[i] = unary(activation, v, actA, actB, 0f);
    }
  }
}
