package cnnx.host.device.aparapi.lower;

import cnnx.host.device.aparapi.kernels.FillKernel;
import java.util.List;

/** ConstantOfShape as one {@link FillKernel} launch. */
record FillStep(List<String> onnxNodes, String y, int size, float value) implements Step {
  @Override
  public String kernel() {
    return "FillKernel";
  }

  @Override
  public List<String> reads() {
    return List.of();
  }

  @Override
  public List<String> writes() {
    return List.of(y);
  }

  @Override
  public void run(Values values, Launcher launcher) {
    FillKernel k = launcher.kernel(FillKernel.class);
    k.y = values.allocate(y, size);
    k.total = size;
    k.value = value;
    launcher.launch(k, size, this);
  }
}
