package cnnx.compiler.error;

/** Root of every failure cnnx reports on purpose; each kind maps to one CLI exit code. */
public abstract class CnnxException extends RuntimeException {
  protected CnnxException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The process exit code the CLI uses for this kind of failure. */
  public abstract int exitCode();
}
