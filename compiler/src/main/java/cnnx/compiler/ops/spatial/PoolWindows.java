package cnnx.compiler.ops.spatial;

import cnnx.compiler.ir.Shapes;
import java.util.Arrays;

/**
 * The windows of a pooling op over one N x C plane, any number of spatial dims: for output
 * position {@code o}, the in-plane offsets of its taps that fall inside the input are
 * {@code offsets[start[o] .. start[o+1])} (row-major window order), and {@code padded[o]} counts
 * its taps inside the padded input (input plus pads, not the ceil-mode overhang). Every plane
 * shares the same windows, so they are built once.
 */
record PoolWindows(int inPlane, int outPlane, int[] start, int[] offsets, int[] padded) {

  static PoolWindows of(WindowGeometry g) {
    int r = g.rank();
    int[] in = new int[r];
    int[] out = new int[r];
    for (int a = 0; a < r; a++) {
      in[a] = Math.toIntExact(g.input()[a]);
      out[a] = Math.toIntExact(g.output()[a]);
    }
    // Per axis and output index: the valid input coordinates and the count inside the padding.
    int[][][] coords = new int[r][][];
    int[][] paddedCount = new int[r][];
    for (int a = 0; a < r; a++) {
      int k = Math.toIntExact(g.kernel()[a]);
      long s = g.strides()[a];
      long d = g.dilations()[a];
      long pb = g.padBegin()[a];
      long pe = g.padEnd()[a];
      coords[a] = new int[out[a]][];
      paddedCount[a] = new int[out[a]];
      for (int o = 0; o < out[a]; o++) {
        int[] valid = new int[k];
        int n = 0;
        for (int j = 0; j < k; j++) {
          long p = o * s - pb + j * d;
          if (p >= 0 && p < in[a]) {
            valid[n++] = (int) p;
          }
          if (p >= -pb && p < in[a] + pe) {
            paddedCount[a][o]++;
          }
        }
        coords[a][o] = Arrays.copyOf(valid, n);
      }
    }
    int[] inStride = Shapes.strides(in);
    int outPlane = Shapes.size(out);
    int[] start = new int[outPlane + 1];
    int[] padded = new int[outPlane];
    int[] oi = new int[r];
    long total = 0;
    for (int o = 0; o < outPlane; o++) {
      long taps = 1;
      long pad = 1;
      for (int a = 0; a < r; a++) {
        taps *= coords[a][oi[a]].length;
        pad *= paddedCount[a][oi[a]];
      }
      total += taps;
      if (total > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("pooling windows too large: over " + Integer.MAX_VALUE + " taps");
      }
      start[o + 1] = (int) total;
      padded[o] = (int) Math.min(pad, Integer.MAX_VALUE);
      next(oi, out);
    }
    int[] offsets = new int[(int) total];
    Arrays.fill(oi, 0);
    int[] ti = new int[r];
    for (int o = 0; o < outPlane; o++) {
      int[][] axes = new int[r][];
      for (int a = 0; a < r; a++) {
        axes[a] = coords[a][oi[a]];
      }
      int[] lens = lengths(axes);
      int count = start[o + 1] - start[o];
      Arrays.fill(ti, 0);
      for (int t = 0; t < count; t++) {
        int off = 0;
        for (int a = 0; a < r; a++) {
          off += axes[a][ti[a]] * inStride[a];
        }
        offsets[start[o] + t] = off;
        next(ti, lens);
      }
      next(oi, out);
    }
    return new PoolWindows(Shapes.size(in), outPlane, start, offsets, padded);
  }

  private static int[] lengths(int[][] axes) {
    int[] l = new int[axes.length];
    for (int a = 0; a < axes.length; a++) {
      l[a] = axes[a].length;
    }
    return l;
  }

  /** Row-major odometer step of index i within sizes. */
  private static void next(int[] i, int[] sizes) {
    for (int a = i.length - 1; a >= 0; a--) {
      if (++i[a] < sizes[a]) {
        return;
      }
      i[a] = 0;
    }
  }
}
