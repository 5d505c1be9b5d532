package cnnx.host.device.aparapi.lower;

import cnnx.host.device.aparapi.kernels.InstanceNormKernel;
import java.util.List;

/** InstanceNormalization as one {@link InstanceNormKernel} launch, one work-item per plane. */
record InstanceNormStep(List<String> onnxNodes, String x, String scale, String bias, String y, int planes,
    int channels, int inner, float epsilon) implements Step {
  @Override
  public String kernel() {
    return "InstanceNormKernel";
  }

  @Override
  public List<String> reads() {
    return List.of(x, scale, bias);
  }

  @Override
  public List<String> writes() {
    return List.of(y);
  }

  @Override
  public void run(Values values, Launcher launcher) {
    InstanceNormKernel k = launcher.kernel(InstanceNormKernel.class);
    k.x = values.get(x);
    k.y = values.allocate(y, planes * inner);
    k.scale = values.get(scale);
    k.bias = values.get(bias);
    k.planes = planes;
    k.channels = channels;
    k.inner = inner;
    k.epsilon = epsilon;
    launcher.launch(k, planes, this);
  }
}
