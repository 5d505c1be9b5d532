package cnnx.api;

import cnnx.compiler.verify.TensorComparison;

/**
 * How far a tensor is from its expected value.
 *
 * @param maxAbsError the largest absolute difference (finite elements)
 * @param relativeL2 ||actual - expected|| / ||expected||
 * @param worstRatio the largest |actual - expected| / (atol + rtol |expected|): at most 1 within tolerance;
 *     meaningful near zero, unlike a ULP distance
 * @param firstFailure index of the first element outside tolerance, or -1
 * @param problem a shape or type mismatch, or null
 */
public record Comparison(double maxAbsError, double relativeL2, double worstRatio, int firstFailure, String problem) {
  public boolean passed() {
    return firstFailure < 0 && problem == null;
  }

  /** Compares under {@code |a - e| <= atol + rtol |e|}; NaN must meet NaN and infinities their own sign. */
  public static Comparison of(Tensor expected, Tensor actual, double rtol, double atol) {
    if (!(rtol >= 0) || !(atol >= 0) || Double.isInfinite(rtol) || Double.isInfinite(atol)) {
      throw new CnnxException(CnnxException.Kind.INVALID, "tolerances must be finite and not negative: rtol "
          + rtol + ", atol " + atol);
    }
    TensorComparison c = TensorComparison.compare(expected.unwrap(), actual == null ? null : actual.unwrap(),
        new cnnx.compiler.verify.Tolerance(rtol, atol));
    double ratio = 0;
    if (c.problem() == null && c.shapeMatches()) {
      var e = expected.unwrap();
      var a = actual.unwrap();
      for (int i = 0; i < e.size(); i++) {
        double ev = e.getDouble(i);
        double av = a.getDouble(i);
        if (Double.isFinite(ev) && Double.isFinite(av)) {
          ratio = Math.max(ratio, Math.abs(av - ev) / (atol + rtol * Math.abs(ev)));
        }
      }
    }
    String problem = c.problem() != null ? c.problem() : c.shapeMatches() ? null : "shape differs";
    return new Comparison(c.maxAbsError(), c.relativeL2(), ratio, c.firstFailure(), problem);
  }
}
