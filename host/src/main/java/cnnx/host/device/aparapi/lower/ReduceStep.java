package cnnx.host.device.aparapi.lower;

import cnnx.host.device.aparapi.kernels.ReduceKernel;
import java.util.List;

/** A Reduce op as one {@link ReduceKernel} launch, one work-item per output element. */
record ReduceStep(List<String> onnxNodes, String x, String y, int op, int[] index, int[] start) implements Step {
  @Override
  public String kernel() {
    return "ReduceKernel";
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
    ReduceKernel k = launcher.kernel(ReduceKernel.class);
    int total = start.length - 1;
    k.x = values.get(x);
    k.y = values.allocate(y, total);
    k.index = index;
    k.start = start;
    k.total = total;
    k.op = op;
    launcher.launch(k, total, this);
  }
}
