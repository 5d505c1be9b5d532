package cnnx.compiler.ir;

/**
 * A named graph input or output with its declared type. A subgraph input may be declared without a
 * type (null): ONNX then takes it from the op that runs the subgraph (Loop's carried values).
 */
public record ValueInfo(String name, TensorType type) {
  /** A subgraph input whose type the running op gives. */
  public static ValueInfo untyped(String name) {
    return new ValueInfo(name, null);
  }

  public boolean isTyped() {
    return type != null;
  }
}
