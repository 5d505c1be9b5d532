package cnnx.host.device.aparapi.lower;

import cnnx.host.device.aparapi.kernels.ConvPoolKernel;
import java.util.ArrayList;
import java.util.List;

/** A conv block with its tiling pool as one {@link ConvPoolKernel} launch; only the pooled output is written. */
record ConvPoolStep(List<String> onnxNodes, ConvStep conv, int[] pool, boolean average, String y) implements Step {
  @Override
  public String kernel() {
    return "ConvPoolKernel";
  }

  @Override
  public List<String> reads() {
    return new ArrayList<>(conv.reads());
  }

  @Override
  public List<String> writes() {
    return List.of(y);
  }

  @Override
  public void run(Values values, Launcher launcher) {
    ConvPoolKernel k = launcher.kernel(ConvPoolKernel.class);
    Window g = conv.g();
    ConvStep.set(k, values, conv.x(), conv.w(), conv.bias(), conv.residual(), conv.batch(), conv.channels(),
        conv.outChannels(), conv.group(), g, conv.epilogue());
    k.poolD = pool[0];
    k.poolH = pool[1];
    k.poolW = pool[2];
    k.pooledD = g.out()[0] / pool[0];
    k.pooledH = g.out()[1] / pool[1];
    k.pooledW = g.out()[2] / pool[2];
    k.poolAverage = average ? 1 : 0;
    int total = conv.batch() * conv.outChannels() * k.pooledD * k.pooledH * k.pooledW;
    k.y = values.allocate(y, total);
    k.total = total;
    launcher.launch(k, total, this);
  }
}
