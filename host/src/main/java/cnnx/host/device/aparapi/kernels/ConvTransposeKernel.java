package cnnx.host.device.aparapi.kernels;

/**
 * ConvTranspose in gather form, 1 to 3 spatial dims widened to 3: each output element sums the inputs whose
 * scatter lands on it, i = (o + p - k*d) / s where that divides exactly and lies inside the input; weights are
 * C x M/group x k. Bias and an activation follow, like {@link ConvKernel}.
 */
public final class ConvTransposeKernel extends ConvFields {
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
      int m = t % outChannels;
      int n = t / outChannels;
      int group = m / groupOutChannels;
      int mg = m % groupOutChannels;
      float sum = 0f;
      for (int c = 0; c < groupChannels; c++) {
        int ic = group * groupChannels + c;
        int xPlane = (n * channels + ic) * inD;
        int wBase = (ic * groupOutChannels + mg) * kD;
        for (int kz = 0; kz < kD; kz++) {
          int qz = oz + pD - kz * dD;
          int iz = qz / sD;
          if (qz >= 0 && iz * sD == qz && iz < inD) {
            for (int ky = 0; ky < kH; ky++) {
              int qy = oy + pH - ky * dH;
              int iy = qy / sH;
              if (qy >= 0 && iy * sH == qy && iy < inH) {
                for (int kx = 0; kx < kW; kx++) {
                  int qx = ox + pW - kx * dW;
                  int ix = qx / sW;
                  if (qx >= 0 && ix * sW == qx && ix < inW) {
                    sum += x[((xPlane + iz) * inH + iy) * inW + ix] * w[((wBase + kz) * kH + ky) * kW + kx];
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
      y[i] = unary(activation, sum, alpha, beta, 0f);
    }
  }
}
