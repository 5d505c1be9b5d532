package cnnx.host.device.aparapi.kernels;

/**
 * Direct convolution (Conv, 1 to 3 spatial dims widened to 3, groups, strides, dilations, pads) with its
 * epilogue: bias, a residual input of the output's shape, then an activation. One work-item per output
 * element; the loop is the definition: y[n,m,o] = act(bias[m] + res + sum over c, k of x[n, c, o*s - p + k*d] *
 * w[m, c, k]).
 */
public final class ConvKernel extends ConvFields {
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
      int firstChannel = (m / groupOutChannels) * groupChannels;
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
        sum += res[i];
      }
      y[i] = unary(activation, sum, alpha, beta, 0f);
    }
  }
}
