package cnnx.host.device.aparapi.lower;

import cnnx.host.device.aparapi.kernels.ChannelAffineKernel;
import java.util.List;

/** A BatchNormalization left standing (no conv before it) as one {@link ChannelAffineKernel} launch. */
record AffineStep(List<String> onnxNodes, String x, String y, int size, int channels, int inner, float[] scale,
    float[] shift) implements Step {
  @Override
  public String kernel() {
    return "ChannelAffineKernel";
  }

  @Override
  public List<String> reads() {
    return List.of(x);
  }

  @Override
  public List<String> writes() {
    return List.of(y);
  }

  @Override
  public void run(Values values, Launcher launcher) {
    ChannelAffineKernel k = launcher.kernel(ChannelAffineKernel.class);
    k.x = values.get(x);
    k.y = values.allocate(y, size);
    k.scale = scale;
    k.shift = shift;
    k.total = size;
    k.channels = channels;
    k.inner = inner;
    launcher.launch(k, size, this);
  }
}
