package cnnx.compiler.ops.tensor;

import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import java.util.stream.IntStream;

/**
 * The copy behind the layout ops (Transpose, Slice, Pad, Tile, Expand, DepthToSpace): each output
 * axis k maps its coordinate o to a source offset {@code offsets[k][o]} (index times stride); the
 * output element is the source element at the sum of its axes' offsets, or the fill value where
 * any axis offset is negative.
 */
final class Remap {
  private static final int PARALLEL_ELEMENTS = 1 << 16;

  private Remap() {}

  /** Offsets {@code index * stride} for source indices {@code start + o * step}. */
  static int[] strided(int count, long start, long step, int stride) {
    int[] m = new int[count];
    for (int o = 0; o < count; o++) {
      m[o] = Math.toIntExact((start + o * step) * stride);
    }
    return m;
  }

  /**
   * @param offsets per output axis, one source offset per coordinate (negative: fill)
   * @param fill a one-element tensor of the source's type, or null for zero
   */
  static Tensor apply(Tensor src, int[] outShape, int[][] offsets, Tensor fill) {
    int n = Shapes.size(outShape);
    Object out = Elements.allocate(src.dtype(), n);
    if (n > 0) {
      int[] shape = outShape;
      int[][] maps = offsets;
      if (shape.length == 0) {
        shape = new int[] {1};
        maps = new int[][] {{0}};
      }
      int rank = shape.length;
      int inner = shape[rank - 1];
      int rows = n / inner;
      int[] rowShape = java.util.Arrays.copyOf(shape, rank - 1);
      int[] lastMap = maps[rank - 1];
      int[][] outerMaps = maps;
      int[] outerShape = rowShape;
      IntStream range = IntStream.range(0, rows);
      if (n >= PARALLEL_ELEMENTS) {
        range = range.parallel();
      }
      if (src.isFloating()) {
        float[] s = src.floats();
        float[] d = (float[]) out;
        float f = fill == null ? 0f : fill.floats()[0];
        range.forEach(r -> {
          int base = rowBase(r, outerShape, outerMaps);
          int p = r * inner;
          for (int j = 0; j < inner; j++) {
            int off = lastMap[j];
            d[p + j] = base < 0 || off < 0 ? f : s[base + off];
          }
        });
      } else {
        long[] s = src.longs();
        long[] d = (long[]) out;
        long f = fill == null ? 0L : fill.longs()[0];
        range.forEach(r -> {
          int base = rowBase(r, outerShape, outerMaps);
          int p = r * inner;
          for (int j = 0; j < inner; j++) {
            int off = lastMap[j];
            d[p + j] = base < 0 || off < 0 ? f : s[base + off];
          }
        });
      }
    }
    return Elements.wrap(src.dtype(), outShape, out);
  }

  /** Sum of the outer axes' offsets for row r, or -1 when any of them is a fill. */
  private static int rowBase(int r, int[] outerShape, int[][] maps) {
    int base = 0;
    for (int k = outerShape.length - 1; k >= 0; k--) {
      int o = r % outerShape[k];
      r /= outerShape[k];
      int off = maps[k][o];
      if (off < 0) {
        return -1;
      }
      base += off;
    }
    return base;
  }
}
