package cnnx.host.device.aparapi.lower;

import cnnx.host.device.aparapi.kernels.PoolKernel;
import java.util.List;

/** MaxPool, AveragePool or a global pool as one {@link PoolKernel} launch. */
record PoolStep(List<String> onnxNodes, String x, String y, int planes, Window g, boolean average,
    boolean countPad) implements Step {
  @Override
  public String kernel() {
    return "PoolKernel";
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
    PoolKernel k = launcher.kernel(PoolKernel.class);
    int total = planes * g.outVolume();
    k.x = values.get(x);
    k.y = values.allocate(y, total);
    k.total = total;
    k.average = average ? 1 : 0;
    k.countPad = countPad ? 1 : 0;
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
    k.endD = g.padEnd()[0];
    k.endH = g.padEnd()[1];
    k.endW = g.padEnd()[2];
    launcher.launch(k, total, this);
  }
}
