package cnnx.host.device.aparapi.lower;

import java.util.List;

/** Reshape, Flatten, Squeeze, Unsqueeze, Identity: the output is the input's array under a new name. */
record AliasStep(List<String> onnxNodes, String x, String y) implements Step {
  @Override
  public String kernel() {
    return "alias";
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
    values.put(y, values.get(x));
  }
}
