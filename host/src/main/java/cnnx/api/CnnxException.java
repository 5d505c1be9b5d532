package cnnx.api;

/**
 * Every failure of the API: one line naming the file, node or device and the problem, and its kind.
 */
public final class CnnxException extends RuntimeException {
  /** What kind of failure; each maps to one CLI exit code. */
  public enum Kind {
    /** Results differ from the reference beyond tolerance (exit 1). */
    MISMATCH(1),
    /** A malformed model, plan or input, or a bad option (exit 2). */
    INVALID(2),
    /** A valid model the chosen device cannot run (exit 3). */
    UNSUPPORTED(3),
    /** The device failed or is missing (exit 4). */
    DEVICE(4);

    private final int exitCode;

    Kind(int exitCode) {
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }

  private final Kind kind;

  public CnnxException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public CnnxException(Kind kind, String message) {
    this(kind, message, null);
  }

  /**
   * The API failure a throwable stands for: itself, or the compiler's and runtime's typed failures translated;
   * null for anything else (an internal error).
   */
  public static CnnxException classify(Throwable t) {
    if (t instanceof CnnxException c) {
      return c;
    }
    if (t instanceof RuntimeException r && Failures.translate(r) instanceof CnnxException c) {
      return c;
    }
    return null;
  }

  public Kind kind() {
    return kind;
  }

  public int exitCode() {
    return kind.exitCode();
  }
}
