package cnnx.compiler.error;

/** The model (or an input tensor) is malformed: bad bytes, bad shapes, bad attributes, bad graph. */
public final class InvalidModelException extends ModelException {
  public InvalidModelException(String message) {
    super(message, null);
  }

  public InvalidModelException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int exitCode() {
    return 2;
  }
}
