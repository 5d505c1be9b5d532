package cnnx.host.device.aparapi.kernels;

import com.aparapi.Kernel;

/**
 * InstanceNormalization: one work-item per (n, c) plane computes the plane's mean and (biased) variance, then
 * writes y = scale[c] * (x - mean) / sqrt(var + epsilon) + bias[c].
 */
public final class InstanceNormKernel extends Kernel {
  public float[] x = new float[1];
  public float[] y = new float[1];
  public float[] scale = new float[1];
  public float[] bias = new float[1];
  public int planes;
  public int channels;
  public int inner;
  public float epsilon;

  @Override
  public void run() {
    int p = getGlobalId();
    if (p < planes) {
      int base = p * inner;
      int c = p % channels;
      float sum = 0f;
      for (int i = 0; i < inner; i++) {
        sum += x[base + i];
      }
      float mean = sum / inner;
      float squares = 0f;
      for (int i = 0; i < inner; i++) {
        float d = x[base + i] - mean;
        squares += d * d;
      }
      float k = scale[c] / sqrt(squares / inner + epsilon);
      for (int i = 0; i < inner; i++) {
        y[base + i] = (x[base + i] - mean) * k + bias[c];
      }
    }
  }
}
