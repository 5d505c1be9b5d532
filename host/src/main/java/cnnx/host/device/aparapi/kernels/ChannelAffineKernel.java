package cnnx.host.device.aparapi.kernels;

import com.aparapi.Kernel;

/** y = x * scale[c] + shift[c] over N x C x inner: BatchNormalization not folded into a conv. */
public final class ChannelAffineKernel extends Kernel {
  public float[] x = new float[1];
  public float[] y = new float[1];
  public float[] scale = new float[1];
  public float[] shift = new float[1];
  public int total;
  public int channels;
  public int inner;

  @Override
  public void run() {
    int i = getGlobalId();
    if (i < total) {
      int c = (i / inner) % channels;
      y[i] = x[i] * scale[c] + shift[c];
    }
  }
}
