package cnnx.host.device.aparapi.lower;

import cnnx.host.device.aparapi.kernels.ConvBlockKernel;
import cnnx.host.device.aparapi.kernels.ConvFields;
import cnnx.host.device.aparapi.kernels.ConvKernel;
import java.util.ArrayList;
import java.util.List;

/**
 * A Conv with its epilogue (bias, residual, activation) as one launch: {@link ConvBlockKernel} (four output
 * channels at four x positions per work-item) where a group's output channels are a multiple of four, else {@link ConvKernel}.
 */
record ConvStep(List<String> onnxNodes, String x, String w, String bias, String residual, String y, int batch,
    int channels, int outChannels, int group, Window g, Epilogue epilogue) implements Step {
  private boolean blocked() {
    return (outChannels / group) % 4 == 0;
  }

  @Override
  public String kernel() {
    return blocked() ? "ConvBlockKernel" : "ConvKernel";
  }

  @Override
  public List<String> reads() {
    List<String> r = new ArrayList<>(List.of(x, w));
    if (bias != null) {
      r.add(bias);
    }
    if (residual != null) {
      r.add(residual);
    }
    return r;
  }

  @Override
  public List<String> writes() {
    return List.of(y);
  }

  @Override
  public void run(Values values, Launcher launcher) {
    ConvFields k = blocked() ? launcher.kernel(ConvBlockKernel.class) : launcher.kernel(ConvKernel.class);
    int outputs = batch * outChannels * g.outVolume();
    set(k, values, x, w, bias, residual, batch, channels, outChannels, group, g, epilogue);
    k.y = values.allocate(y, outputs);
    int items = blocked() ? batch * outChannels / 4 * g.out()[0] * g.out()[1] * ((g.out()[2] + 3) / 4) : outputs;
    k.total = items;
    launcher.launch(k, items, this);
  }

  /** Sets every argument of a convolution kernel but its output and work-item count. */
  static void set(ConvFields k, Values values, String x, String w, String bias, String residual, int batch,
      int channels, int outChannels, int group, Window g, Epilogue epilogue) {
    k.x = values.get(x);
    k.w = values.get(w);
    k.hasBias = bias == null ? 0 : 1;
    k.bias = bias == null ? k.w : values.get(bias);
    k.hasRes = residual == null ? 0 : 1;
    k.res = residual == null ? k.w : values.get(residual);
    k.channels = channels;
    k.outChannels = outChannels;
    k.groupChannels = channels / group;
    k.groupOutChannels = outChannels / group;
    k.inD = g.in()[0];
    k.inH = g.in()[1];
    k.inW = g.in()[2];
    k.outD = g.out()[0];
    k.outH = g.out()[1];
    k.outW = g.out()[2];
    k.kD = g.kernel()[0];
    k.kH = g.kernel()[1];
    k.kW = g.kernel()[2];
    k.sD = g.stride()[0];
    k.sH = g.stride()[1];
    k.sW = g.stride()[2];
    k.dD = g.dilation()[0];
    k.dH = g.dilation()[1];
    k.dW = g.dilation()[2];
    k.pD = g.padBegin()[0];
    k.pH = g.padBegin()[1];
    k.pW = g.padBegin()[2];
    k.activation = epilogue.op();
    k.alpha = epilogue.a();
    k.beta = epilogue.b();
  }
}
