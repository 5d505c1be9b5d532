package cnnx.kernels.plan;

/**
 * The one-long error flag of a plan: kernels with data-dependent failure modes (a run-time index
 * out of range, an integer division by zero) store a code into it instead of reading out of
 * bounds or trapping; the host reads it after each run and clears it. It is the plan buffer whose
 * value is {@link #BUFFER}, uploaded as zero when the plan is loaded.
 */
public final class ErrorFlag {
  /** The buffer's value name (no ONNX value name contains a colon followed by this). */
  public static final String BUFFER = "cnnx:error-flag";
  public static final long INDEX_OUT_OF_RANGE = 1;
  public static final long DIVISION_BY_ZERO = 2;

  private ErrorFlag() {}

  /** What a code means, for the host's message. */
  public static String describe(long code) {
    if (code == INDEX_OUT_OF_RANGE) {
      return "an index out of range";
    }
    if (code == DIVISION_BY_ZERO) {
      return "an integer division by zero";
    }
    return "error code " + code;
  }
}
