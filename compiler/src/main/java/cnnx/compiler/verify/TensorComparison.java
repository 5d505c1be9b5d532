package cnnx.compiler.verify;

import cnnx.compiler.ir.Tensor;
import java.util.Arrays;

/**
 * How far one tensor is from its expected value: max absolute error, relative L2 error, worst
 * ULP distance, and the first failing element under a tolerance.
 *
 * @param firstFailure index of the first element outside the tolerance, or -1
 */
public record TensorComparison(
    boolean shapeMatches, double maxAbsError, double relativeL2, long worstUlp, int firstFailure,
    String problem) {

  public boolean passed() {
    return shapeMatches && firstFailure < 0 && problem == null;
  }

  public static TensorComparison compare(Tensor expected, Tensor actual, Tolerance tol) {
    if (actual == null) {
      return new TensorComparison(false, Double.NaN, Double.NaN, -1, -1, "no output produced");
    }
    if (!Arrays.equals(expected.shape(), actual.shape())) {
      return new TensorComparison(false, Double.NaN, Double.NaN, -1, -1,
          "shape " + Arrays.toString(actual.shape()) + ", expected " + Arrays.toString(expected.shape()));
    }
    if (expected.isFloating() != actual.isFloating()) {
      return new TensorComparison(true, Double.NaN, Double.NaN, -1, -1,
          "element type " + actual.dtype() + ", expected " + expected.dtype());
    }
    double maxAbs = 0;
    double diffSq = 0;
    double refSq = 0;
    long worstUlp = 0;
    int first = -1;
    for (int i = 0; i < expected.size(); i++) {
      double e = expected.getDouble(i);
      double a = actual.getDouble(i);
      if (!tol.accepts(e, a) && first < 0) {
        first = i;
      }
      if (!Double.isNaN(e) && !Double.isNaN(a) && !Double.isInfinite(e) && !Double.isInfinite(a)) {
        double d = Math.abs(a - e);
        maxAbs = Math.max(maxAbs, d);
        diffSq += d * d;
        refSq += e * e;
        if (expected.isFloating()) {
          worstUlp = Math.max(worstUlp, ulpDistance((float) e, (float) a));
        }
      }
    }
    double relL2 = refSq == 0 ? Math.sqrt(diffSq) : Math.sqrt(diffSq / refSq);
    return new TensorComparison(true, maxAbs, relL2, worstUlp, first, null);
  }

  /** Distance in representable floats between a and b. */
  static long ulpDistance(float a, float b) {
    int ia = Float.floatToIntBits(a);
    int ib = Float.floatToIntBits(b);
    long la = ia < 0 ? Integer.MIN_VALUE - (long) ia : ia;
    long lb = ib < 0 ? Integer.MIN_VALUE - (long) ib : ib;
    return Math.abs(la - lb);
  }
}
