package cnnx.host.device.aparapi.lower;

import cnnx.host.device.aparapi.kernels.LrnKernel;
import java.util.List;

/** LRN as one {@link LrnKernel} launch. */
record LrnStep(List<String> onnxNodes, String x, String y, int size, int channels, int inner, int window,
    float alpha, float beta, float bias) implements Step {
  @Override
  public String kernel() {
    return "LrnKernel";
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
    LrnKernel k = launcher.kernel(LrnKernel.class);
    k.x = values.get(x);
    k.y = values.allocate(y, size);
    k.total = size;
    k.channels = channels;
    k.inner = inner;
    k.before = (window - 1) / 2;
    k.after = window - 1 - k.before;
    k.size = window;
    k.alpha = alpha;
    k.beta = beta;
    k.bias = bias;
    launcher.launch(k, size, this);
  }
}
