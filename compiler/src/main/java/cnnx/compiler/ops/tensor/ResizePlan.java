package cnnx.compiler.ops.tensor;

import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Resize's output dims and per-axis scale and region of interest, from either {@code scales} or
 * {@code sizes}. Sizes and scales are float32 in the model, so they are multiplied in float32.
 *
 * @param scales the scale each axis's coordinates are transformed with (1 for untouched axes)
 */
public record ResizePlan(List<Dim> dims, float[] scales, float[] roiStart, float[] roiEnd) {

  /**
   * Plans from the roi (used only by tf_crop_and_resize), scales and sizes inputs; exactly one of
   * scales and sizes is non-null, and empty inputs are passed as null.
   */
  public static ResizePlan of(Node node, ResizeAttributes a, List<Dim> in, float[] roi, float[] scalesIn, long[] sizes) {
    int rank = in.size();
    int[] axes = a.axes();
    if ((scalesIn == null) == (sizes == null)) {
      throw node.invalid("exactly one of 'scales' and 'sizes' must be given");
    }
    float[] roiStart = new float[rank];
    float[] roiEnd = new float[rank];
    Arrays.fill(roiEnd, 1f);
    if (a.cropAndResize() && roi != null) {
      if (roi.length != 2 * axes.length) {
        throw node.invalid("roi has " + roi.length + " entries, expected " + 2 * axes.length);
      }
      for (int i = 0; i < axes.length; i++) {
        roiStart[axes[i]] = roi[i];
        roiEnd[axes[i]] = roi[axes.length + i];
      }
    }
    float[] scales = new float[rank];
    Arrays.fill(scales, 1f);
    List<Dim> out = new ArrayList<>(in);
    if (scalesIn != null) {
      check(node, "scales", scalesIn.length, axes.length);
      for (int i = 0; i < axes.length; i++) {
        int k = axes[i];
        float s = scalesIn[i];
        if (!(s > 0) || Float.isInfinite(s)) {
          throw node.invalid("scales " + Arrays.toString(scalesIn) + " must be positive and finite");
        }
        scales[k] = s;
        Dim d = in.get(k);
        float extent = roiEnd[k] - roiStart[k];
        if (!d.isKnown()) {
          out.set(k, s == 1f && extent == 1f ? d : Dim.unknown());
        } else {
          float size = a.cropAndResize() ? (float) d.value() * extent * s : (float) d.value() * s;
          out.set(k, Dims.known(node, (long) Math.floor(size), "resized dim"));
        }
      }
      return new ResizePlan(out, scales, roiStart, roiEnd);
    }
    check(node, "sizes", sizes.length, axes.length);
    boolean allKnown = true;
    for (int i = 0; i < axes.length; i++) {
      int k = axes[i];
      Dim d = in.get(k);
      Dim o = Dims.known(node, sizes[i], "size");
      if (d.isKnown() && d.value() == 0 && o.value() != 0) {
        throw node.invalid("cannot resize an empty axis " + k + " to " + o.value());
      }
      allKnown &= d.isKnown();
      out.set(k, o);
      scales[k] = !d.isKnown() || d.value() == 0 ? 1f : (float) o.value() / (float) d.value();
    }
    if (a.policy() != ResizeAttributes.Policy.STRETCH) {
      float common = a.policy() == ResizeAttributes.Policy.NOT_LARGER ? Float.MAX_VALUE : 0f;
      for (int k : axes) {
        common = a.policy() == ResizeAttributes.Policy.NOT_LARGER
            ? Math.min(common, scales[k]) : Math.max(common, scales[k]);
      }
      for (int k : axes) {
        Dim d = in.get(k);
        scales[k] = common;
        out.set(k, allKnown ? Dims.known(node, Math.round(common * (float) d.value()), "resized dim") : Dim.unknown());
      }
    }
    return new ResizePlan(out, scales, roiStart, roiEnd);
  }

  private static void check(Node node, String what, int length, int axes) {
    if (length != axes) {
      throw node.invalid(what + " has " + length + " entries, expected " + axes);
    }
  }
}
