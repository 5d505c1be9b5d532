package cnnx.compiler.verify;

/**
 * How closely a float32 kernel can match the reference (which computes in double and rounds once),
 * loosest last. Kernels that sum accumulate in another order; OpenCL's transcendental builtins may
 * differ by a few ulp; everything else (exact arithmetic, data movement, max/min) matches closely.
 */
public enum ToleranceClass {
  EXACT(new Tolerance(1e-5, 1e-6)),
  TRANSCENDENTAL(new Tolerance(1e-4, 1e-5)),
  ACCUMULATING(new Tolerance(1e-3, 1e-4));

  private final Tolerance tolerance;

  ToleranceClass(Tolerance tolerance) {
    this.tolerance = tolerance;
  }

  public Tolerance tolerance() {
    return tolerance;
  }

  /** The looser of the two. */
  public ToleranceClass loosest(ToleranceClass other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
