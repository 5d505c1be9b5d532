package cnnx.compiler.ops.spatial;

import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import java.util.List;
import java.util.Optional;

/**
 * An inference context over concrete inputs, so that {@code evaluate} validates and sizes its
 * outputs with the very code {@code inferTypes} runs. Every input is a known constant here.
 */
record EvalContext(Node node, List<Tensor> inputs) implements InferenceContext {
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
    return i < inputs.size() && inputs.get(i) != null && node.hasInput(i);
  }

  @Override
  public Optional<Tensor> constant(int i) {
    return hasInput(i) ? Optional.of(inputs.get(i)) : Optional.empty();
  }
}
