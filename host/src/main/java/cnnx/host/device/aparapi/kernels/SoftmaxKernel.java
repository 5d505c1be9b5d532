package cnnx.host.device.aparapi.kernels;

import com.aparapi.Kernel;

/**
 * Softmax or LogSoftmax along one axis: one work-item per row (outer x inner), max-subtracted as in the
 * reference.
 */
public final class SoftmaxKernel extends Kernel {
  public float[] x = new float[1];
  public float[] y = new float[1];
  public int rows;
  public int length;
  public int inner;
  public int logarithm;

  @Override
  public void run() {
    int r = getGlobalId();
    if (r < rows) {
      int base = (r / inner) * length * inner + r % inner;
      float top = -3.4028235e38f;
      for (int k = 0; k < length; k++) {
        top = max(top, x[base + k * inner]);
      }
      float sum = 0f;
      for (int k = 0; k < length; k++) {
        sum += exp(x[base + k * inner] - top);
      }
      for (int k = 0; k < length; k++) {
        float shifted = x[base + k * inner] - top;
        y[base + k * inner] = logarithm == 1 ? shifted - log(sum) : exp(shifted) / sum;
      }
    }
  }
}
