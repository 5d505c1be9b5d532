package cnnx.host.device.aparapi.lower;

import cnnx.compiler.ops.spatial.WindowGeometry;

/**
 * A sliding window widened to 3 spatial dims (leading dims of size 1), as the conv and pool kernels take it:
 * input and output sizes, kernel, strides, dilations, begin and end padding.
 */
record Window(int[] in, int[] out, int[] kernel, int[] stride, int[] dilation, int[] padBegin, int[] padEnd) {
  static Window of(WindowGeometry g) {
    return new Window(to3(g.input(), 1), to3(g.output(), 1), to3(g.kernel(), 1), to3(g.strides(), 1),
        to3(g.dilations(), 1), to3(g.padBegin(), 0), to3(g.padEnd(), 0));
  }

  static int[] to3(long[] v, int fill) {
    if (v.length > 3) {
      throw new Unsupported(v.length + " spatial dims (the Aparapi kernels take 1 to 3)");
    }
    int[] r = {fill, fill, fill};
    for (int i = 0; i < v.length; i++) {
      r[3 - v.length + i] = Math.toIntExact(v[i]);
    }
    return r;
  }

  int outVolume() {
    return out[0] * out[1] * out[2];
  }
}
