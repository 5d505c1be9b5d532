package cnnx.host.device.aparapi.lower;

import cnnx.host.device.aparapi.kernels.UnaryKernel;
import java.util.List;

/** An element-wise function of one input as one {@link UnaryKernel} launch. */
record UnaryStep(List<String> onnxNodes, String x, String y, int size, int op, float a, float b, float g)
    implements Step {
  @Override
  public String kernel() {
    return "UnaryKernel";
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
    UnaryKernel k = launcher.kernel(UnaryKernel.class);
    k.x = values.get(x);
    k.y = values.allocate(y, size);
    k.total = size;
    k.op = op;
    k.a = a;
    k.b = b;
    k.g = g;
    launcher.launch(k, size, this);
  }
}
