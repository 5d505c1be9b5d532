package cnnx.compiler.error;

/** A model cannot be loaded, validated or compiled. Sealed: it is either invalid or unsupported. */
public abstract sealed class ModelException extends CnnxException
    permits InvalidModelException, UnsupportedModelException {
  protected ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
