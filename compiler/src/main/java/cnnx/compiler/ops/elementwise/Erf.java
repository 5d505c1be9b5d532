package cnnx.compiler.ops.elementwise;

/** The error function, which the JDK lacks, to near double precision. */
final class Erf {
  private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

  private Erf() {}

  /**
   * erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n x^(2n+1) 2^n / (1*3*...*(2n+1)). Every term is
   * positive, so the sum does not cancel; beyond |x| = 6, erf is 1 to double precision.
   */
  static double erf(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    double ax = Math.abs(x);
    if (ax == 0) {
      return x;
    }
    if (ax >= 6) {
      return Math.signum(x);
    }
    double x2 = ax * ax;
    double term = ax;
    double sum = ax;
    for (int n = 1; n < 500; n++) {
      term *= 2 * x2 / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) {
        break;
      }
    }
    return Math.copySign(Math.min(1.0, TWO_OVER_SQRT_PI * Math.exp(-x2) * sum), x);
  }
}
