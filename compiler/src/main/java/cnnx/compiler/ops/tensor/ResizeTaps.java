package cnnx.compiler.ops.tensor;

import cnnx.compiler.ops.tensor.ResizeAttributes.Coordinates;

/**
 * One axis of a resize as a weighted sum: output index o reads input indices
 * {@code index[o * taps + t]} with weights {@code weight[o * taps + t]}, or is the extrapolation
 * value where {@code outside[o]}. Nearest, linear and cubic are 1, 2 and 4 taps; with antialias,
 * downsampling by s stretches the linear and cubic filters by 1 / s, as ONNX defines it, so an
 * output reads about 2 / s or 4 / s inputs.
 *
 * <p>Coordinates are computed in float32, the precision of the model's scales and roi, so that
 * nearest-pixel ties fall the same way as in other runtimes.
 */
public final class ResizeTaps {
  private final int taps;
  private final int[] index;
  private final double[] weight;
  private final boolean[] outside;

  private ResizeTaps(int outLen, int taps) {
    this.taps = taps;
    this.index = new int[outLen * taps];
    this.weight = new double[outLen * taps];
    this.outside = new boolean[outLen];
  }

  /** The taps of one axis of length {@code inLen} resized to {@code outLen}. */
  public static ResizeTaps of(ResizeAttributes a, int inLen, int outLen, float scale, float roiStart, float roiEnd) {
    if (a.antialias() && scale < 1 && a.mode() != ResizeAttributes.Mode.NEAREST) {
      return antialiased(a, inLen, outLen, scale, roiStart, roiEnd);
    }
    int taps = switch (a.mode()) {
      case NEAREST -> 1;
      case LINEAR -> 2;
      case CUBIC -> 4;
    };
    ResizeTaps r = new ResizeTaps(outLen, taps);
    for (int o = 0; o < outLen; o++) {
      float x = original(a.coordinates(), o, scale, outLen, inLen, roiStart, roiEnd);
      if (a.cropAndResize() && (x < 0 || x > inLen - 1)) {
        r.outside[o] = true;
        continue;
      }
      int p = o * taps;
      switch (a.mode()) {
        case NEAREST -> {
          r.index[p] = clamp(nearest(a.nearest(), x), inLen);
          r.weight[p] = 1;
        }
        case LINEAR -> {
          float c = Math.max(0f, Math.min(x, inLen - 1));
          int i0 = (int) c;
          double t = c - i0;
          r.index[p] = i0;
          r.index[p + 1] = Math.min(i0 + 1, inLen - 1);
          r.weight[p] = 1 - t;
          r.weight[p + 1] = t;
        }
        case CUBIC -> cubic(r, p, x, inLen, a.cubicCoeffA(), a.excludeOutside());
      }
    }
    return r;
  }

  /**
   * The stretched filter of ONNX's reference: the filter's support (1 for linear, 2 for cubic)
   * covers support / scale inputs on each side. With {@code r} the distance from the input index
   * just below the coordinate x (r in (0, 1], 1 when x is an input index), tap k reads input
   * {@code x - r + start + k} (edge-clamped) with weight {@code f((start + k - r) * scale)},
   * the weights normalised to sum 1 (after dropping outside taps, with exclude_outside).
   */
  private static ResizeTaps antialiased(ResizeAttributes a, int inLen, int outLen, float scale, float roiStart,
      float roiEnd) {
    boolean cubic = a.mode() == ResizeAttributes.Mode.CUBIC;
    int support = cubic ? 2 : 1;
    int start = (int) Math.floor(-support / (double) scale) + 1;
    int taps = 2 - 2 * start;
    ResizeTaps r = new ResizeTaps(outLen, taps);
    for (int o = 0; o < outLen; o++) {
      float x = original(a.coordinates(), o, scale, outLen, inLen, roiStart, roiEnd);
      if (a.cropAndResize() && (x < 0 || x > inLen - 1)) {
        r.outside[o] = true;
        continue;
      }
      long below = (long) Math.floor(x);
      double ratio = x - below;
      if (ratio == 0) {
        below -= 1;
        ratio = 1;
      }
      double[] c = new double[taps];
      double sum = 0;
      for (int k = 0; k < taps; k++) {
        double d = Math.abs((start + k - ratio) * scale);
        long i = below + start + k;
        c[k] = a.excludeOutside() && (i < 0 || i >= inLen) ? 0
            : cubic ? (d < 2 ? kernel(d, a.cubicCoeffA()) : 0) : Math.max(0, 1 - d);
        sum += c[k];
      }
      int p = o * taps;
      for (int k = 0; k < taps; k++) {
        r.index[p + k] = clamp(below + start + k, inLen);
        r.weight[p + k] = sum == 0 ? 0 : c[k] / sum;
      }
    }
    return r;
  }

  /** True when the axis maps every output index to the same input index with weight 1. */
  public boolean isIdentity(int inLen) {
    if (outside.length != inLen) {
      return false;
    }
    for (int o = 0; o < inLen; o++) {
      if (outside[o]) {
        return false;
      }
      for (int t = 0; t < taps; t++) {
        double w = weight[o * taps + t];
        if (w != 0 && (w != 1 || index[o * taps + t] != o)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Taps per output index: 1, 2 or 4. */
  public int taps() {
    return taps;
  }

  /** The input index of tap t of output index o. */
  public int index(int o, int t) {
    return index[o * taps + t];
  }

  /** The weight of tap t of output index o. */
  public double weight(int o, int t) {
    return weight[o * taps + t];
  }

  /** True when output index o falls outside the input and takes the extrapolation value. */
  public boolean outside(int o) {
    return outside[o];
  }

  /** The input coordinate of output index x, per coordinate_transformation_mode. */
  private static float original(Coordinates mode, int xOut, float scale, int lenOut, int lenIn, float roiStart,
      float roiEnd) {
    float x = xOut;
    float lo = lenOut;
    float li = lenIn;
    return switch (mode) {
      case HALF_PIXEL -> (x + 0.5f) / scale - 0.5f;
      case HALF_PIXEL_SYMMETRIC -> {
        float adjustment = lo / (scale * li);
        float offset = li / 2 * (1 - adjustment);
        yield (float) (offset + (x + 0.5) / scale - 0.5);
      }
      case PYTORCH_HALF_PIXEL -> lenOut > 1 ? (x + 0.5f) / scale - 0.5f : 0f;
      // ONNX measures the resized length as scale * length, before rounding: with scales that do
      // not divide the length (downsampling by 0.6), the rounded length would stretch the grid.
      // Where the two agree up to float rounding (sizes given), the exact output length is used.
      case ALIGN_CORNERS -> {
        float resized = Math.abs(scale * li - lo) <= 1e-4f * lo ? lo : scale * li;
        yield resized == 1 ? 0f : x * (li - 1) / (resized - 1);
      }
      case ASYMMETRIC -> x / scale;
      case TF_HALF_PIXEL_FOR_NN -> (x + 0.5f) / scale;
      case TF_CROP_AND_RESIZE -> lenOut > 1
          ? roiStart * (li - 1) + x * (roiEnd - roiStart) * (li - 1) / (lo - 1)
          : (float) (0.5 * (roiStart + roiEnd) * (li - 1));
    };
  }

  private static long nearest(ResizeAttributes.Nearest mode, float x) {
    return switch (mode) {
      case ROUND_PREFER_FLOOR -> x - Math.floor(x) == 0.5f ? (long) Math.floor(x) : Math.round(x);
      case ROUND_PREFER_CEIL -> x - Math.floor(x) == 0.5f ? (long) Math.ceil(x) : Math.round(x);
      case FLOOR -> (long) Math.floor(x);
      case CEIL -> (long) Math.ceil(x);
    };
  }

  private static int clamp(long i, int len) {
    return (int) Math.max(0, Math.min(len - 1, i));
  }

  /** Keys' cubic convolution on the 4 neighbours floor(x)-1 .. floor(x)+2, edge-clamped. */
  private static void cubic(ResizeTaps r, int p, float x, int inLen, float coeffA, boolean excludeOutside) {
    long base = (long) Math.floor(x);
    double s = x - base;
    double a = coeffA;
    double[] c = {
      kernel(s + 1, a), kernel(s, a), kernel(1 - s, a), kernel(2 - s, a),
    };
    double sum = 0;
    for (int t = 0; t < 4; t++) {
      long i = base - 1 + t;
      if (excludeOutside && (i < 0 || i >= inLen)) {
        c[t] = 0;
      }
      sum += c[t];
    }
    for (int t = 0; t < 4; t++) {
      r.index[p + t] = clamp(base - 1 + t, inLen);
      r.weight[p + t] = excludeOutside ? c[t] / sum : c[t];
    }
  }

  /** The cubic kernel W(d) for distance d in [0, 2]. */
  private static double kernel(double d, double a) {
    if (d <= 1) {
      return ((a + 2) * d - (a + 3)) * d * d + 1;
    }
    return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a;
  }
}
