package cnnx.host.device.aparapi.kernels;

import com.aparapi.Kernel;

/** y[i] = sum over t of weight[i*taps + t] * x[index[i*taps + t]]: Resize (nearest, linear, cubic) as taps. */
public final class TapsKernel extends Kernel {
  public float[] x = new float[1];
  public float[] y = new float[1];
  public int[] index = new int[1];
  public float[] weight = new float[1];
  public int total;
  public int taps;

  @Override
  public void run() {
    int i = getGlobalId();
    if (i < total) {
      float sum = 0f;
      for (int t = 0; t < taps; t++) {
        sum += weight[i * taps + t] * x[index[i * taps + t]];
      }
      y[i] = sum;
    }
  }
}
