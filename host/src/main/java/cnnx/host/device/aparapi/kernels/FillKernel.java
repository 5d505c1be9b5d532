package cnnx.host.device.aparapi.kernels;

import com.aparapi.Kernel;

/** y[i] = value: ConstantOfShape (which models use to make large constant tensors at run time). */
public final class FillKernel extends Kernel {
  public float[] y = new float[1];
  public int total;
  public float value;

  @Override
  public void run() {
    int i = getGlobalId();
    if (i < total) {
      y[i] = value;
    }
  }
}
