package cnnx.compiler.verify;

/** An element passes when |actual - expected| <= atol + rtol * |expected|. */
public record Tolerance(double rtol, double atol) {
  /** The default for comparing against ONNX's and PyTorch's float32 expected outputs. */
  public static final Tolerance DEFAULT = new Tolerance(1e-3, 1e-5);

  public Tolerance {
    if (!(rtol >= 0) || !(atol >= 0)) {
      throw new IllegalArgumentException("tolerances must be non-negative");
    }
  }

  public boolean accepts(double expected, double actual) {
    if (Double.isNaN(expected) || Double.isNaN(actual)) {
      return Double.isNaN(expected) && Double.isNaN(actual);
    }
    if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
      return expected == actual;
    }
    return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
  }
}
