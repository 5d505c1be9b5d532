package cnnx.host.device.aparapi.kernels;

/**
 * {@link ConvKernel} for four output channels per work-item (when a group's output channels are a multiple of
 * four): each input element is loaded once for four weights, four accumulators stay in registers. Same loop,
 * same epilogue; work-item i covers channels 4 * (i's channel block) to + 3 at one output position.
 */
public final class ConvBlockKernel extends ConvFields {
  @Override
  public void run() {
    int i = getGlobalId();
    if (i < total) {
      int ox = i % outW;
      int t = i / outW;
      int oy = t % outH;
      t = t / outH;
      int oz = t % outD;
      t = t / outD;
      int blocks = outChannels / 4;
      int m = (t % blocks) * 4;
      int n = t / blocks;
      int firstChannel = (m / groupOutChannels) * groupChannels;
      int channelWeights = groupChannels * kD * kH * kW;
      float s0 = 0f;
      float s1 = 0f;
      float s2 = 0f;
      float s3 = 0f;
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
                    float v = x[xRow + ix];
                    int wi = wRow + kx;
                    s0 += v * w[wi];
                    s1 += v * w[wi + channelWeights];
                    s2 += v * w[wi + 2 * channelWeights];
                    s3 += v * w[wi + 3 * channelWeights];
                  }
                }
              }
            }
          }
        }
      }
      int plane = outD * outH * outW;
      int o = ((n * outChannels + m) * outD + oz) * outH * outW + oy * outW + ox;
      if (hasBias == 1) {
        s0 += bias[m];
        s1 += bias[m + 1];
        s2 += bias[m + 2];
        s3 += bias[m + 3];
      }
      if (hasRes == 1) {
        s0 += res[o];
        s1 += res[o + plane];
        s2 += res[o + 2 * plane];
        s3 += res[o + 3 * plane];
      }
      y[o] = unary(activation, s0, alpha, beta, 0f);
      y[o + plane] = unary(activation, s1, alpha, beta, 0f);
      y[o + 2 * plane] = unary(activation, s2, alpha, beta, 0f);
      y[o + 3 * plane] = unary(activation, s3, alpha, beta, 0f);
    }
  }
}
