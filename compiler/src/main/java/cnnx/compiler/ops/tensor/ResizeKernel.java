package cnnx.compiler.ops.tensor;

import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import java.util.stream.IntStream;

/**
 * Applies a resize one axis at a time. Nearest, linear and cubic interpolation are products of
 * per-axis weights, so resampling the axes in turn is the same n-D interpolation (multilinear for
 * linear). Intermediates stay in double; an extrapolated index fills its whole slice, which later
 * axes then carry through unchanged.
 */
final class ResizeKernel {
  private static final int PARALLEL_ELEMENTS = 1 << 15;

  private ResizeKernel() {}

  static Tensor apply(Tensor x, ResizeAttributes a, ResizePlan plan) {
    int[] shape = x.shape();
    int[] outShape = Dims.toShape(plan.dims());
    if (Shapes.size(outShape) == 0) {
      return Tensor.zeros(x.dtype(), outShape);
    }
    float[] src = x.floats();
    double[] cur = new double[src.length];
    for (int i = 0; i < src.length; i++) {
      cur[i] = src[i];
    }
    int[] curShape = shape.clone();
    for (int k = 0; k < shape.length; k++) {
      ResizeTaps taps = ResizeTaps.of(a, shape[k], outShape[k], plan.scales()[k], plan.roiStart()[k],
          plan.roiEnd()[k]);
      if (taps.isIdentity(shape[k])) {
        continue;
      }
      cur = resizeAxis(cur, curShape, k, outShape[k], taps, a.extrapolationValue());
      curShape[k] = outShape[k];
    }
    float[] out = new float[cur.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) cur[i];
    }
    return Tensor.ofFloats(x.dtype(), outShape, out);
  }

  private static double[] resizeAxis(double[] in, int[] shape, int axis, int outLen, ResizeTaps taps,
      double extrapolation) {
    int outer = Shapes.product(shape, 0, axis);
    int inLen = shape[axis];
    int inner = Shapes.product(shape, axis + 1, shape.length);
    double[] out = new double[Math.multiplyExact(Math.multiplyExact(outer, outLen), inner)];
    IntStream rows = IntStream.range(0, outer * outLen);
    if (out.length >= PARALLEL_ELEMENTS) {
      rows = rows.parallel();
    }
    rows.forEach(row -> {
      int o = row / outLen;
      int j = row % outLen;
      int dst = row * inner;
      if (taps.outside(j)) {
        java.util.Arrays.fill(out, dst, dst + inner, extrapolation);
        return;
      }
      for (int t = 0; t < taps.taps(); t++) {
        double w = taps.weight(j, t);
        if (w == 0) {
          continue;
        }
        int srcBase = (o * inLen + taps.index(j, t)) * inner;
        for (int i = 0; i < inner; i++) {
          out[dst + i] += w * in[srcBase + i];
        }
      }
    });
    return out;
  }
}
