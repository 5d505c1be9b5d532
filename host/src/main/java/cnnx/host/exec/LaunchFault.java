package cnnx.host.exec;

/**
 * A deliberate error for testing verification and fault handling: after any launch covering
 * ONNX node {@code onnxNode}, its outputs are shifted by {@code delta}.
 */
public record LaunchFault(String onnxNode, float delta) {}
