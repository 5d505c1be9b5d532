package cnnx.host.device.aparapi.lower;

import cnnx.host.device.aparapi.kernels.TapsKernel;
import java.util.List;

/** One axis of a Resize as one {@link TapsKernel} launch: every output is a weighted sum of input taps. */
record TapsStep(List<String> onnxNodes, String x, String y, int size, int taps, int[] index, float[] weight)
    implements Step {
  @Override
  public String kernel() {
    return "TapsKernel";
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
    TapsKernel k = launcher.kernel(TapsKernel.class);
    k.x = values.get(x);
    k.y = values.allocate(y, size);
    k.index = index;
    k.weight = weight;
    k.total = size;
    k.taps = taps;
    launcher.launch(k, size, this);
  }
}
