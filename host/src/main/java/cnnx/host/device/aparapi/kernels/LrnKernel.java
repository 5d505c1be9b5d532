package cnnx.host.device.aparapi.kernels;

import com.aparapi.Kernel;

/** LRN across channels: y = x / (bias + alpha / size * sum of x^2 over the channel window)^beta. */
public final class LrnKernel extends Kernel {
  public float[] x = new float[1];
  public float[] y = new float[1];
  public int total;
  public int channels;
  public int inner;
  public int before;
  public int after;
  public int size;
  public float alpha;
  public float beta;
  public float bias;

  @Override
  public void run() {
    int i = getGlobalId();
    if (i < total) {
      int p = i % inner;
      int c = (i / inner) % channels;
      int n = i / (inner * channels);
      int lo = max(0, c - before);
      int hi = min(channels - 1, c + after);
      float squares = 0f;
      for (int c2 = lo; c2 <= hi; c2++) {
        float v = x[(n * channels + c2) * inner + p];
        squares += v * v;
      }
      y[i] = x[i] / pow(bias + alpha / size * squares, beta);
    }
  }
}
