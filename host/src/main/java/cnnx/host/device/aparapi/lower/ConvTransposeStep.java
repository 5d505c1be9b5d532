package cnnx.host.device.aparapi.lower;

import cnnx.host.device.aparapi.kernels.ConvTransposeKernel;
import java.util.ArrayList;
import java.util.List;

/** A ConvTranspose (bias, activation) as one {@link ConvTransposeKernel} launch. */
record ConvTransposeStep(List<String> onnxNodes, String x, String w, String bias, String y, int batch,
    int channels, int outChannels, int group, Window g, Epilogue epilogue) implements Step {
  @Override
  public String kernel() {
    return "ConvTransposeKernel";
  }

  @Override
  public List<String> reads() {
    List<String> r = new ArrayList<>(List.of(x, w));
    if (bias != null) {
      r.add(bias);
    }
    return r;
  }

  @Override
  public List<String> writes() {
    return List.of(y);
  }

  @Override
  public void run(Values values, Launcher launcher) {
    ConvTransposeKernel k = launcher.kernel(ConvTransposeKernel.class);
    ConvStep.set(k, values, x, w, bias, null, batch, channels, outChannels, group, g, epilogue);
    k.total = batch * outChannels * g.outVolume();
    k.y = values.allocate(y, k.total);
    launcher.launch(k, k.total, this);
  }
}
