package cnnx.host.device.aparapi.kernels;

/**
 * A conv block ending in a pool whose windows tile the conv output (kernel = stride, no padding, no dilation):
 * each work-item computes the conv outputs under one pool window, applies the epilogue (bias, residual,
 * activation) to each, and writes only their max or average. The conv output never exists in memory; as the
 * windows do not overlap, nothing is computed twice.
 */
public final class ConvPoolKernel extends ConvFields {
  public int poolD;
  public int poolH;
  public int poolW;
  public int pooledD;
  public int pooledH;
  public int pooledW;
  public int poolAverage;

  @Override
  public void run() {
    int i = getGlobalId();
    if (i < total) {
      int px = i % pooledW;
      int t = i / pooledW;
      int py = t % pooledH;
      t = t / pooledH;
      int pz = t % pooledD;
      t = t / pooledD;
      int m = t % outChannels;
      int n = t / outChannels;
      int firstChannel = (m / groupOutChannels) * groupChannels;
      float best = -3.4028235e38f;
      float total2 = 0f;
      for (int az = 0; az < poolD; az++) {
        for (int ay = 0; ay < poolH; ay++) {
          for (int ax = 0; ax < poolW; ax++) {
            int oz = pz * poolD + az;
            int oy = py * poolH + ay;
            int ox = px * poolW + ax;
            float sum = 0f;
            for (int c = 0; c < groupChannels; c++) {
              int xPlane = (n * channels + firstChannel + c) * inD;
              int wBase = (m * groupChannels + c) * kD;
              for (int kz = 0; kz < kD; kz++) {
                int iz = oz * sD - pD + kz * dD;
                if (iz >= 0 && iz < inD) {
                  for (int ky = 0; ky < kH; ky++) {
                    int iy = oy * sH - pH + ky * dH;
                    if (iy >= 0 && iy < inH) {
                      int xRow = ((xPlane + iz) * inH + iy) * inW;
                      int wRow = ((wBase + kz) * kH + ky) * kW;
                      for (int kx = 0; kx < kW; kx++) {
                        int ix = ox * sW - pW + kx * dW;
                        if (ix >= 0 && ix < inW) {
                          sum += x[xRow + ix] * w[wRow + kx];
                        }
                      }
                    }
                  }
                }
              }
            }
            if (hasBias == 1) {
              sum += bias[m];
            }
            if (hasRes == 1) {
              sum += res[(((n * outChannels + m) * outD + oz) * outH + oy) * outW + ox];
            }
            float v = unary(activation, sum, alpha, beta, 0f);
            best = max(best, v);
            total2 += v;
          }
        }
      }
      y[i] = poolAverage == 1 ? total2 / (poolD * poolH * poolW) : best;
    }
  }
}
