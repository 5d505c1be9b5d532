package cnnx.compiler.ops.spatial;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpDef;
import cnnx.compiler.ops.OpRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs every node's inferTypes in order over a graph, as a type-inference pass would. */
final class TypeDriver {
  private TypeDriver() {}

  static Map<String, TensorType> infer(Graph graph) {
    Map<String, TensorType> types = new HashMap<>(graph.types());
    graph.initializers().forEach((k, v) -> types.put(k, v.type()));
    for (Node node : graph.nodes()) {
      OpDef op = OpRegistry.standard().find(node.opType()).orElseThrow();
      List<TensorType> out = op.inferTypes(new Context(node, types, graph.initializers()));
      for (int i = 0; i < out.size() && i < node.outputs().size(); i++) {
        if (!node.output(i).isEmpty()) {
          types.put(node.output(i), out.get(i));
        }
      }
    }
    return types;
  }

  private record Context(Node node, Map<String, TensorType> types, Map<String, Tensor> constants)
      implements InferenceContext {
    @Override
    public int inputCount() {
      return node.inputs().size();
    }

    @Override
    public TensorType inputType(int i) {
      TensorType t = hasInput(i) ? types.get(node.input(i)) : null;
      if (t == null) {
        throw new InvalidModelException(node.describe() + ": input " + i + " has no type");
      }
      return t;
    }

    @Override
    public boolean hasInput(int i) {
      return node.hasInput(i);
    }

    @Override
    public Optional<Tensor> constant(int i) {
      return hasInput(i) ? Optional.ofNullable(constants.get(node.input(i))) : Optional.empty();
    }
  }
}
