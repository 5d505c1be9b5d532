package cnnx.host.device.aparapi.kernels;

import com.aparapi.Kernel;

/**
 * MaxPool, AveragePool and the global pools (a window over the whole plane), 1 to 3 spatial dims widened to 3.
 * One work-item per output element; taps outside the input are skipped. An average divides by the taps inside
 * the input, or with {@code countPad} by those inside the padded input (never the ceil-mode overhang).
 */
public final class PoolKernel extends Kernel {
  public float[] x = new float[1];
  public float[] y = new float[1];
  public int total;
  public int average;
  public int countPad;
  public int inD;
  public int inH;
  public int inW;
  public int outD;
  public int outH;
  public int outW;
  public int kD;
  public int kH;
  public int kW;
  public int sD;
  public int sH;
  public int sW;
  public int dD;
  public int dH;
  public int dW;
  public int pD;
  public int pH;
  public int pW;
  public int endD;
  public int endH;
  public int endW;

  @Override
  public void run() {
    int i = getGlobalId();
    if (i < total) {
      int ox = i % outW;
      int t = i / outW;
      int oy = t % outH;
      t = t / outH;
      int oz = t % outD;
      int plane = t / outD;
      int base = plane * inD * inH * inW;
      float best = -3.4028235e38f;
      float sum = 0f;
      int inside = 0;
      int padded = 0;
      for (int kz = 0; kz < kD; kz++) {
        int iz = oz * sD - pD + kz * dD;
        for (int ky = 0; ky < kH; ky++) {
          int iy = oy * sH - pH + ky * dH;
          for (int kx = 0; kx < kW; kx++) {
            int ix = ox * sW - pW + kx * dW;
            if (iz >= -pD && iz < inD + endD && iy >= -pH && iy < inH + endH && ix >= -pW && ix < inW + endW) {
              padded++;
            }
            if (iz >= 0 && iz < inD && iy >= 0 && iy < inH && ix >= 0 && ix < inW) {
              float v = x[base + (iz * inH + iy) * inW + ix];
              best = max(best, v);
              sum += v;
              inside++;
            }
          }
        }
      }
      if (average == 1) {
        y[i] = sum / (countPad == 1 ? padded : inside);
      } else {
        y[i] = best;
      }
    }
  }
}
