package cnnx.compiler.error;

import java.util.List;

/** The model is well formed but uses something cnnx does not implement (ops, dtypes, opsets). */
public final class UnsupportedModelException extends ModelException {
  private final List<String> problems;

  public UnsupportedModelException(String message) {
    this(message, List.of(message));
  }

  public UnsupportedModelException(String message, List<String> problems) {
    super(message, null);
    this.problems = List.copyOf(problems);
  }

  /** Every unsupported feature found, not just the first. */
  public List<String> problems() {
    return problems;
  }

  @Override
  public int exitCode() {
    return 3;
  }
}
