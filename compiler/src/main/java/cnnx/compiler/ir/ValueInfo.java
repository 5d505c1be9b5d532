package cnnx.compiler.ir;

/** A named graph input or output with its declared type. */
public record ValueInfo(String name, TensorType type) {}
