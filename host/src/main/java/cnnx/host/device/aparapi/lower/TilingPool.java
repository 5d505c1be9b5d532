package cnnx.host.device.aparapi.lower;

import cnnx.compiler.ir.Node;
import java.util.Arrays;
import java.util.Optional;

/**
 * A MaxPool or AveragePool whose windows tile its input exactly once: kernel = strides, no padding (explicit or
 * automatic), no dilation, floor mode, no Indices output. Such a pool can run inside the conv kernel before it
 * (each conv output feeds one window); its window widened to 3 dims.
 */
final class TilingPool {
  private TilingPool() {}

  static Optional<int[]> of(Node pool) {
    if (!pool.opType().equals("MaxPool") && !pool.opType().equals("AveragePool")) {
      return Optional.empty();
    }
    if (pool.outputs().size() > 1 && !pool.output(1).isEmpty() || !pool.has("kernel_shape")) {
      return Optional.empty();
    }
    long[] kernel = pool.intsAttr("kernel_shape");
    int r = kernel.length;
    long[] strides = pool.has("strides") ? pool.intsAttr("strides") : ones(r);
    boolean noPads = !pool.has("pads") || Arrays.stream(pool.intsAttr("pads")).allMatch(p -> p == 0);
    boolean noDilation = !pool.has("dilations") || Arrays.stream(pool.intsAttr("dilations")).allMatch(d -> d == 1);
    String autoPad = pool.stringAttr("auto_pad", "NOTSET");
    if (r > 3 || !Arrays.equals(kernel, strides) || !noPads || !noDilation || pool.intAttr("ceil_mode", 0) != 0
        || !(autoPad.equals("NOTSET") || autoPad.equals("VALID"))) {
      return Optional.empty();
    }
    return Optional.of(Window.to3(kernel, 1));
  }

  private static long[] ones(int r) {
    long[] o = new long[r];
    Arrays.fill(o, 1);
    return o;
  }
}
