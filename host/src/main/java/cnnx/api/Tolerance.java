package cnnx.api;

/** A comparison rule: {@code |actual - expected| <= atol + rtol |expected|}. */
public record Tolerance(double rtol, double atol) {
  /** The rule for whole-model outputs: the loosest per-op rule (accumulating contractions). */
  public static final Tolerance MODEL = new Tolerance(1e-3, 1e-4);

  public Comparison compare(Tensor expected, Tensor actual) {
    return Comparison.of(expected, actual, rtol, atol);
  }
}
