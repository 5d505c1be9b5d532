package cnnx.api;

/**
 * A model input or output: its name, element type and shape as declared (symbolic dims by name, e.g.
 * {@code FLOAT[N x 3 x 224 x 224]}).
 */
public record TensorInfo(String name, String elementType, String type) {}
