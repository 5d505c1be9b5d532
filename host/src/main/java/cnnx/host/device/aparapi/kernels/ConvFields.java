package cnnx.host.device.aparapi.kernels;

/**
 * The arguments of the convolution kernels ({@link ConvKernel}, {@link ConvBlockKernel},
 * {@link ConvTransposeKernel}): operands, shapes widened to 3 spatial dims, window and epilogue. Aparapi reads a
 * kernel's fields, inherited ones included, as its arguments.
 */
public abstract class ConvFields extends UnaryKernelBase {
  public float[] x = new float[1];
  public float[] w = new float[1];
  public float[] bias = new float[1];
  public float[] res = new float[1];
  public float[] y = new float[1];
  public int total;
  public int channels;
  public int outChannels;
  public int groupChannels;
  public int groupOutChannels;
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
  public int hasBias;
  public int hasRes;
  public int activation;
  public float alpha;
  public float beta;
}
