package cnnx.host.device.aparapi.kernels;

/**
 * {@link ConvKernel} register-blocked: each work-item computes 4 output channels at 4 neighbouring x positions
 * (used when a group's output channels are a multiple of four). Per tap it loads 4 inputs and 4 weights for 16
 * multiply-adds instead of 2 loads for 1, which is what decides a CPU's speed here. Same sums, same epilogue.
 */
public final class ConvBlockKernel extends ConvFields {
  @Override
  public void run() {
    int i = getGlobalId();
    if (i < total) {
      int rowBlocks = (outW + 3) / 4;
      int ox = (i % rowBlocks) * 4;
      int t = i / rowBlocks;
      int oy = t % outH;
      t = t / outH;
      int oz = t % outD;
      t = t / outD;
      int blocks = outChannels / 4;
      int m = (t % blocks) * 4;
      int n = t / blocks;
      int firstChannel = (m / groupOutChannels) * groupChannels;
      int cw = groupChannels * kD * kH * kW;
      // a* for x position ox, b* ox + 1, c* ox + 2, d* ox + 3; the digit is the channel m + digit.
      float a0 = 0f;
      float a1 = 0f;
      float a2 = 0f;
      float a3 = 0f;
      float b0 = 0f;
      float b1 = 0f;
      float b2 = 0f;
      float b3 = 0f;
      float c0 = 0f;
      float c1 = 0f;
      float c2 = 0f;
      float c3 = 0f;
      float d0 = 0f;
      float d1 = 0f;
      float d2 = 0f;
      float d3 = 0f;
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
                  float v0 = ix >= 0 && ix < inW ? x[xRow + ix] : 0f;
                  float v1 = ix + sW >= 0 && ix + sW < inW ? x[xRow + ix + sW] : 0f;
                  float v2 = ix + 2 * sW >= 0 && ix + 2 * sW < inW ? x[xRow + ix + 2 * sW] : 0f;
                  float v3 = ix + 3 * sW >= 0 && ix + 3 * sW < inW ? x[xRow + ix + 3 * sW] : 0f;
                  int wi = wRow + kx;
                  float w0 = w[wi];
                  float w1 = w[wi + cw];
                  float w2 = w[wi + 2 * cw];
                  float w3 = w[wi + 3 * cw];
                  a0 += v0 * w0;
                  a1 += v0 * w1;
                  a2 += v0 * w2;
                  a3 += v0 * w3;
                  b0 += v1 * w0;
                  b1 += v1 * w1;
                  b2 += v1 * w2;
                  b3 += v1 * w3;
                  c0 += v2 * w0;
                  c1 += v2 * w1;
                  c2 += v2 * w2;
                  c3 += v2 * w3;
                  d0 += v3 * w0;
                  d1 += v3 * w1;
                  d2 += v3 * w2;
                  d3 += v3 * w3;
                }
              }
            }
          }
        }
      }
      int plane = outD * outH * outW;
      int o = ((n * outChannels + m) * outD + oz) * outH * outW + oy * outW + ox;
      store(o, m, a0);
      store(o + plane, m + 1, a1);
      store(o + 2 * plane, m + 2, a2);
      store(o + 3 * plane, m + 3, a3);
      if (ox + 1 < outW) {
        store(o + 1, m, b0);
        store(o + 1 + plane, m + 1, b1);
        store(o + 1 + 2 * plane, m + 2, b2);
        store(o + 1 + 3 * plane, m + 3, b3);
      }
      if (ox + 2 < outW) {
        store(o + 2, m, c0);
        store(o + 2 + plane, m + 1, c1);
        store(o + 2 + 2 * plane, m + 2, c2);
        store(o + 2 + 3 * plane, m + 3, c3);
      }
      if (ox + 3 < outW) {
        store(o + 3, m, d0);
        store(o + 3 + plane, m + 1, d1);
        store(o + 3 + 2 * plane, m + 2, d2);
        store(o + 3 + 3 * plane, m + 3, d3);
      }
    }
  }

  /** The epilogue for output element o of channel m: bias, residual, activation. */
  private void store(int o, int m, float sum) {
    float v = sum;
    if (hasBias == 1) {
      v += bias[m];
    }
    if (hasRes == 1) {
      v += res[o];
    }
    y[o] = unary(activation, v, alpha, beta, 0f);
  }
}
