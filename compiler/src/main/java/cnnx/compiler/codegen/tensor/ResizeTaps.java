package cnnx.compiler.codegen.tensor;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import java.util.Arrays;

/**
 * Resize's per-axis taps, computed at compile time exactly as the reference computes them
 * (coordinates in float32, so nearest-pixel ties fall the same way; weights in double): output
 * index o of an axis reads input indices {@code index[o * taps + t]} with weights
 * {@code weight[o * taps + t]}, or is the extrapolation value where {@code index[o * taps]} is -1.
 */
final class ResizeTaps {
  enum Mode { NEAREST, LINEAR, CUBIC }

  final int taps;
  final int[] index;
  final double[] weight;
  final boolean anyOutside;

  private ResizeTaps(int taps, int[] index, double[] weight, boolean anyOutside) {
    this.taps = taps;
    this.index = index;
    this.weight = weight;
    this.anyOutside = anyOutside;
  }

  /** The attributes the taps depend on. */
  record Attributes(Mode mode, String coordinates, String nearest, float cubicCoeffA, boolean excludeOutside,
      int[] axes, String policy) {
    static Attributes parse(Node node, int rank) {
      if (node.intAttr("antialias", 0) != 0) {
        throw new UnsupportedModelException(node.describe() + ": antialias=1 is not supported");
      }
      long[] axesAttr = node.intsAttr("axes");
      int[] axes = new int[axesAttr == null ? rank : axesAttr.length];
      for (int i = 0; i < axes.length; i++) {
        axes[i] = axesAttr == null ? i : Shapes.normalizeAxis(axesAttr[i], rank);
      }
      return new Attributes(Mode.valueOf(node.stringAttr("mode", "nearest").toUpperCase()),
          node.stringAttr("coordinate_transformation_mode", "half_pixel"),
          node.stringAttr("nearest_mode", "round_prefer_floor"),
          node.floatAttr("cubic_coeff_a", -0.75f),
          node.intAttr("exclude_outside", 0) != 0,
          axes,
          node.stringAttr("keep_aspect_ratio_policy", "stretch"));
    }

    boolean crop() {
      return coordinates.equals("tf_crop_and_resize");
    }
  }

  /**
   * Per input axis: the scale its coordinates are transformed with (1 where untouched), from the
   * scales input or from sizes (then with keep_aspect_ratio_policy).
   */
  static float[] scales(ElementContext ctx, Attributes a, int[] in) {
    float[] scales = new float[in.length];
    Arrays.fill(scales, 1f);
    int[] axes = a.axes();
    float[] given = present(ctx, 2) ? ctx.constant(2).map(Tensor::floats).orElse(null) : null;
    if (given != null) {
      for (int i = 0; i < axes.length; i++) {
        scales[axes[i]] = given[i];
      }
      return scales;
    }
    long[] sizes = Coords.requireLongs(ctx, 3, "sizes");
    for (int i = 0; i < axes.length; i++) {
      int d = in[axes[i]];
      scales[axes[i]] = d == 0 ? 1f : (float) sizes[i] / (float) d;
    }
    if (!a.policy().equals("stretch")) {
      boolean notLarger = a.policy().equals("not_larger");
      float common = notLarger ? Float.MAX_VALUE : 0f;
      for (int k : axes) {
        common = notLarger ? Math.min(common, scales[k]) : Math.max(common, scales[k]);
      }
      for (int k : axes) {
        scales[k] = common;
      }
    }
    return scales;
  }

  /** Per input axis: roi start and end (0 and 1 unless cropping with a roi). */
  static float[][] roi(ElementContext ctx, Attributes a, int rank) {
    float[] start = new float[rank];
    float[] end = new float[rank];
    Arrays.fill(end, 1f);
    if (a.crop() && present(ctx, 1)) {
      float[] roi = ctx.constant(1).map(Tensor::floats).orElseThrow(() -> new UnsupportedModelException(
          ctx.node().describe() + ": 'roi' must be a compile-time constant to generate a kernel"));
      int[] axes = a.axes();
      for (int i = 0; i < axes.length; i++) {
        start[axes[i]] = roi[i];
        end[axes[i]] = roi[axes.length + i];
      }
    }
    return new float[][] {start, end};
  }

  /** Given and not an empty tensor (exporters write empty roi and scales for "absent"). */
  static boolean present(ElementContext ctx, int i) {
    return ctx.hasInput(i) && Shapes.size(ctx.inputShape(i)) > 0;
  }

  static ResizeTaps of(Attributes a, int inLen, int outLen, float scale, float roiStart, float roiEnd) {
    int taps = switch (a.mode()) {
      case NEAREST -> 1;
      case LINEAR -> 2;
      case CUBIC -> 4;
    };
    int[] index = new int[outLen * taps];
    double[] weight = new double[outLen * taps];
    boolean anyOutside = false;
    for (int o = 0; o < outLen; o++) {
      float x = original(a.coordinates(), o, scale, outLen, inLen, roiStart, roiEnd);
      int p = o * taps;
      if (a.crop() && (x < 0 || x > inLen - 1)) {
        Arrays.fill(index, p, p + taps, -1);
        anyOutside = true;
        continue;
      }
      switch (a.mode()) {
        case NEAREST -> {
          index[p] = clamp(nearest(a.nearest(), x), inLen);
          weight[p] = 1;
        }
        case LINEAR -> {
          float c = Math.max(0f, Math.min(x, inLen - 1));
          int i0 = (int) c;
          double t = c - i0;
          index[p] = i0;
          index[p + 1] = Math.min(i0 + 1, inLen - 1);
          weight[p] = 1 - t;
          weight[p + 1] = t;
        }
        case CUBIC -> cubic(index, weight, p, x, inLen, a.cubicCoeffA(), a.excludeOutside());
      }
    }
    return new ResizeTaps(taps, index, weight, anyOutside);
  }

  /** The weights as float32, the kernel's arithmetic. */
  float[] floatWeights() {
    float[] w = new float[weight.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) weight[i];
    }
    return w;
  }

  /** True when every output index reads the same input index with weight 1 (the reference skips the axis). */
  boolean isIdentity(int inLen) {
    if (index.length != inLen * taps || anyOutside) {
      return false;
    }
    for (int o = 0; o < inLen; o++) {
      for (int t = 0; t < taps; t++) {
        double w = weight[o * taps + t];
        if (w != 0 && (w != 1 || index[o * taps + t] != o)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The input coordinate of output index x, per coordinate_transformation_mode. */
  private static float original(String mode, int xOut, float scale, int lenOut, int lenIn, float roiStart,
      float roiEnd) {
    float x = xOut;
    float lo = lenOut;
    float li = lenIn;
    return switch (mode) {
      case "half_pixel" -> (x + 0.5f) / scale - 0.5f;
      case "half_pixel_symmetric" -> {
        float adjustment = lo / (scale * li);
        float offset = li / 2 * (1 - adjustment);
        yield (float) (offset + (x + 0.5) / scale - 0.5);
      }
      case "pytorch_half_pixel" -> lenOut > 1 ? (x + 0.5f) / scale - 0.5f : 0f;
      case "align_corners" -> lenOut == 1 ? 0f : x * (li - 1) / (lo - 1);
      case "asymmetric" -> x / scale;
      case "tf_half_pixel_for_nn" -> (x + 0.5f) / scale;
      case "tf_crop_and_resize" -> lenOut > 1
          ? roiStart * (li - 1) + x * (roiEnd - roiStart) * (li - 1) / (lo - 1)
          : (float) (0.5 * (roiStart + roiEnd) * (li - 1));
      default -> throw new IllegalArgumentException("coordinate_transformation_mode " + mode);
    };
  }

  private static long nearest(String mode, float x) {
    return switch (mode) {
      case "round_prefer_floor" -> x - Math.floor(x) == 0.5f ? (long) Math.floor(x) : Math.round(x);
      case "round_prefer_ceil" -> x - Math.floor(x) == 0.5f ? (long) Math.ceil(x) : Math.round(x);
      case "floor" -> (long) Math.floor(x);
      case "ceil" -> (long) Math.ceil(x);
      default -> throw new IllegalArgumentException("nearest_mode " + mode);
    };
  }

  private static int clamp(long i, int len) {
    return (int) Math.max(0, Math.min(len - 1, i));
  }

  /** Keys' cubic convolution on the 4 neighbours floor(x)-1 .. floor(x)+2, edge-clamped. */
  private static void cubic(int[] index, double[] weight, int p, float x, int inLen, float coeffA,
      boolean excludeOutside) {
    long base = (long) Math.floor(x);
    double s = x - base;
    double a = coeffA;
    double[] c = {kernel(s + 1, a), kernel(s, a), kernel(1 - s, a), kernel(2 - s, a)};
    double sum = 0;
    for (int t = 0; t < 4; t++) {
      long i = base - 1 + t;
      if (excludeOutside && (i < 0 || i >= inLen)) {
        c[t] = 0;
      }
      sum += c[t];
    }
    for (int t = 0; t < 4; t++) {
      index[p + t] = clamp(base - 1 + t, inLen);
      weight[p + t] = excludeOutside ? c[t] / sum : c[t];
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
