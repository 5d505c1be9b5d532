package cnnx.compiler.ops;

import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import java.util.Optional;

/** What shape inference knows about a node's inputs. */
public interface InferenceContext {
  Node node();

  /** Number of inputs listed on the node, omitted optional ones included. */
  int inputCount();

  /** Type of input i; throws a typed error naming the node when the input is absent. */
  TensorType inputType(int i);

  /** True when input i is present (listed and not the empty name). */
  boolean hasInput(int i);

  /** The value of input i when it is a compile-time constant (initializer or folded). */
  Optional<Tensor> constant(int i);
}
