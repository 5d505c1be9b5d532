package cnnx.kernels.plan;

/** A plan file that cannot be read or written, with the reason and the file it concerns in one line. */
public final class PlanFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a plan file was refused. */
  public enum Reason {
    /** Missing, a directory, not a regular file, or an I/O error while reading or writing. */
    IO,
    /** The bytes do not start with the plan magic. */
    NOT_A_PLAN,
    /** A plan written in a format version this build does not read. */
    UNSUPPORTED_VERSION,
    /** The payload does not match its checksum. */
    DAMAGED,
    /** Shorter than its header says. */
    TRUNCATED,
    /** The checksum holds but the contents do not decode into a plan. */
    MALFORMED
  }

  private final Reason reason;
  private final String source;

  public PlanFileException(Reason reason, String source, String problem) {
    this(reason, source, problem, null);
  }

  public PlanFileException(Reason reason, String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
    this.reason = reason;
    this.source = source;
  }

  public Reason reason() {
    return reason;
  }

  /** The file (or stream) concerned. */
  public String source() {
    return source;
  }
}
