package cnnx.compiler.ops.elementwise;

import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import java.util.List;
import java.util.Optional;

/**
 * Inference over concrete tensors: lets {@code evaluate} run the very checks and shape rules of
 * {@code inferTypes}, so the two can never disagree.
 */
record ConcreteContext(Node node, List<Tensor> inputs) implements InferenceContext {
  @Override
  public int inputCount() {
    return Math.max(node.inputs().size(), inputs.size());
  }

  @Override
  public TensorType inputType(int i) {
    if (!hasInput(i)) {
      throw node.invalid("input " + i + " is required");
    }
    return inputs.get(i).type();
  }

  @Override
  public boolean hasInput(int i) {
    return i < inputs.size() && inputs.get(i) != null;
  }

  @Override
  public Optional<Tensor> constant(int i) {
    return hasInput(i) ? Optional.of(inputs.get(i)) : Optional.empty();
  }
}
