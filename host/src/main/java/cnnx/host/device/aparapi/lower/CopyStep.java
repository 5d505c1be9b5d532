package cnnx.host.device.aparapi.lower;

import cnnx.host.device.aparapi.kernels.CopyKernel;
import java.util.ArrayList;
import java.util.List;

/**
 * A data-movement op as {@link CopyKernel} launches, one per source: each copies its source's elements to
 * their places in one output (or, for a source of null, writes the fill value).
 */
record CopyStep(List<String> onnxNodes, List<Part> parts, String y, int size, float fill) implements Step {
  /** The elements of one output that come from {@code source} (null: the fill value; src holds -1). */
  record Part(String source, int[] src, int[] dst) {}

  @Override
  public String kernel() {
    return "CopyKernel";
  }

  @Override
  public List<String> reads() {
    List<String> r = new ArrayList<>();
    parts.forEach(p -> {
      if (p.source() != null && !r.contains(p.source())) {
        r.add(p.source());
      }
    });
    return r;
  }

  @Override
  public List<String> writes() {
    return List.of(y);
  }

  @Override
  public void run(Values values, Launcher launcher) {
    CopyKernel k = launcher.kernel(CopyKernel.class);
    float[] out = values.allocate(y, size);
    for (Part p : parts) {
      k.x = p.source() == null ? out : values.get(p.source());
      k.y = out;
      k.src = p.src();
      k.dst = p.dst();
      k.count = p.src().length;
      k.fill = fill;
      launcher.launch(k, p.src().length, this);
    }
  }
}
