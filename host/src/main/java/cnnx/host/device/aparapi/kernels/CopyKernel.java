package cnnx.host.device.aparapi.kernels;

import com.aparapi.Kernel;

/**
 * Data movement as an index map: y[dst[j]] = x[src[j]], or {@code fill} where src[j] is -1. Transpose, Pad,
 * Slice, Gather, Concat, Expand, Tile, Split and the like differ only in their maps, computed at load from the
 * ops' reference semantics.
 */
public final class CopyKernel extends Kernel {
  public float[] x = new float[1];
  public float[] y = new float[1];
  public int[] src = new int[1];
  public int[] dst = new int[1];
  public int count;
  public float fill;

  @Override
  public void run() {
    int j = getGlobalId();
    if (j < count) {
      int s = src[j];
      if (s == -2) {
        // Never true: a read of y makes Aparapi copy y in as well as out, so that launches each writing part
        // of one output (Concat's inputs) do not overwrite each other's parts with stale device memory.
        y[dst[j]] = y[dst[j]];
      } else {
        y[dst[j]] = s < 0 ? fill : x[s];
      }
    }
  }
}
