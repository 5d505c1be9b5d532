package cnnx.compiler.onnx;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import java.util.Optional;

/** What an opset converter may do besides returning nodes: add constants, look up declared types. */
interface CanonicalContext {
  /** Adds a constant and returns its (fresh, deterministic) value name. */
  String addConstant(String hint, Tensor value);

  /** A fresh value name derived from a hint. */
  String freshName(String hint);

  /** The declared type of a graph input or initializer; empty for intermediate values. */
  Optional<TensorType> declaredType(String value);

  /** The value of an initializer or of a Constant node met so far; empty for anything else. */
  Optional<Tensor> constant(String value);
}
