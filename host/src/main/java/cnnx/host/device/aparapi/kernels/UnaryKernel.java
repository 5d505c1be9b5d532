package cnnx.host.device.aparapi.kernels;

/** y[i] = f(x[i]) for one of the {@link UnaryCode} functions. */
public final class UnaryKernel extends UnaryKernelBase {
  public float[] x = new float[1];
  public float[] y = new float[1];
  public int total;
  public int op;
  public float a;
  public float b;
  public float g;

  @Override
  public void run() {
    int i = getGlobalId();
    if (i < total) {
      y[i] = unary(op, x[i], a, b, g);
    }
  }
}
