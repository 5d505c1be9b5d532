package cnnx.host.device.aparapi.lower;

import cnnx.host.device.aparapi.kernels.SoftmaxKernel;
import java.util.List;

/** Softmax or LogSoftmax along one axis as one {@link SoftmaxKernel} launch, one work-item per row. */
record SoftmaxStep(List<String> onnxNodes, String x, String y, int outer, int length, int inner, boolean log)
    implements Step {
  @Override
  public String kernel() {
    return "SoftmaxKernel";
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
    SoftmaxKernel k = launcher.kernel(SoftmaxKernel.class);
    k.x = values.get(x);
    k.y = values.allocate(y, outer * length * inner);
    k.rows = outer * inner;
    k.length = length;
    k.inner = inner;
    k.logarithm = log ? 1 : 0;
    launcher.launch(k, outer * inner, this);
  }
}
