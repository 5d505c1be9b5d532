package cnnx.boards.fpga;

/**
 * One layer as a conv engine sees it: a (grouped) convolution, or a fully connected layer as a 1×1
 * convolution of a 1×1 map.
 */
public record ConvShape(String name, int inChannels, int outChannels, int kernel, int stride, int pad, int inHeight,
    int inWidth, int groups) {
  public ConvShape {
    if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || pad < 0 || inHeight < 1 || inWidth < 1
        || groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
      throw new IllegalArgumentException("layer " + name + ": inconsistent shape");
    }
  }

  public static ConvShape conv(String name, int in, int out, int k, int stride, int pad, int size, int groups) {
    return new ConvShape(name, in, out, k, stride, pad, size, size, groups);
  }

  public static ConvShape fullyConnected(String name, int in, int out) {
    return new ConvShape(name, in, out, 1, 1, 0, 1, 1, 1);
  }

  public int outHeight() {
    return (inHeight + 2 * pad - kernel) / stride + 1;
  }

  public int outWidth() {
    return (inWidth + 2 * pad - kernel) / stride + 1;
  }

  public boolean isFullyConnected() {
    return kernel == 1 && inHeight == 1 && inWidth == 1;
  }

  /** Terms of one output's dot product. */
  public long reduction() {
    return (long) inChannels / groups * kernel * kernel;
  }

  public long macs() {
    return reduction() * outChannels * outHeight() * outWidth();
  }

  public long weightCount() {
    return reduction() * outChannels;
  }

  public long inputCount() {
    return (long) inChannels * inHeight * inWidth;
  }

  public long outputCount() {
    return (long) outChannels * outHeight() * outWidth();
  }
}
