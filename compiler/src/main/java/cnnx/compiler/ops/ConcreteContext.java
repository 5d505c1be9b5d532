package cnnx.compiler.ops;

import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import java.util.List;
import java.util.Optional;

/**
 * Inference over concrete tensors: lets {@code evaluate} validate and size its outputs with the
 * very code {@code inferTypes} runs, so the two can never disagree. Every given input is a known
 * constant here; {@code inputs} lines up with the node's inputs, null where one is omitted.
 */
public record ConcreteContext(Node node, List<Tensor> inputs) implements InferenceContext {
  @Override
  public int inputCount() {
    return node.inputs().size();
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
    return node.hasInput(i) && i < inputs.size() && inputs.get(i) != null;
  }

  @Override
  public Optional<Tensor> constant(int i) {
    return hasInput(i) ? Optional.of(inputs.get(i)) : Optional.empty();
  }
}
