package cnnx.compiler.ops.tensor;

import cnnx.compiler.ir.Node;

/**
 * Resize's attributes, parsed and checked once. {@code antialias} stretches the linear and cubic
 * filters by 1 / scale when downsampling (nearest has no filter to stretch).
 */
public record ResizeAttributes(
    Mode mode,
    Coordinates coordinates,
    Nearest nearest,
    float cubicCoeffA,
    boolean excludeOutside,
    float extrapolationValue,
    int[] axes,
    Policy policy,
    boolean antialias) {

  public enum Mode { NEAREST, LINEAR, CUBIC }

  public enum Coordinates {
    HALF_PIXEL, HALF_PIXEL_SYMMETRIC, PYTORCH_HALF_PIXEL, ALIGN_CORNERS, ASYMMETRIC, TF_CROP_AND_RESIZE,
    TF_HALF_PIXEL_FOR_NN
  }

  public enum Nearest { ROUND_PREFER_FLOOR, ROUND_PREFER_CEIL, FLOOR, CEIL }

  public enum Policy { STRETCH, NOT_LARGER, NOT_SMALLER }

  /** Parses the attributes for an input of the given rank; {@code axes} defaults to all axes. */
  public static ResizeAttributes parse(Node node, int rank) {
    long[] axesAttr = node.intsAttr("axes");
    int[] axes;
    if (axesAttr == null) {
      axes = new int[rank];
      for (int i = 0; i < rank; i++) {
        axes[i] = i;
      }
    } else {
      axes = IndexInputs.axes(node, axesAttr, rank, "axes");
    }
    return new ResizeAttributes(
        pick(node, "mode", "nearest", Mode.values()),
        pick(node, "coordinate_transformation_mode", "half_pixel", Coordinates.values()),
        pick(node, "nearest_mode", "round_prefer_floor", Nearest.values()),
        node.floatAttr("cubic_coeff_a", -0.75f),
        node.intAttr("exclude_outside", 0) != 0,
        node.floatAttr("extrapolation_value", 0f),
        axes,
        pick(node, "keep_aspect_ratio_policy", "stretch", Policy.values()),
        flag(node, "antialias"));
  }

  private static boolean flag(Node node, String attr) {
    long v = node.intAttr(attr, 0);
    if (v != 0 && v != 1) {
      throw node.invalid(attr + " must be 0 or 1, is " + v);
    }
    return v == 1;
  }

  private static <E extends Enum<E>> E pick(Node node, String attr, String dflt, E[] values) {
    String v = node.stringAttr(attr, dflt);
    for (E e : values) {
      if (e.name().equalsIgnoreCase(v)) {
        return e;
      }
    }
    throw node.invalid(attr + " '" + v + "' is not one of "
        + java.util.Arrays.stream(values).map(e -> e.name().toLowerCase()).toList());
  }

  public boolean cropAndResize() {
    return coordinates == Coordinates.TF_CROP_AND_RESIZE;
  }
}
