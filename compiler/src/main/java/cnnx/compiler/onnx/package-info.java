/**
 * ONNX import: protobuf bytes → canonical graph, with every opset's forms rewritten into the
 * latest one, external data read only from inside the model's folder, and every failure typed.
 * Depends on {@code ir}, {@code ops} (the supported-op table) and {@code error}.
 */
package cnnx.compiler.onnx;
