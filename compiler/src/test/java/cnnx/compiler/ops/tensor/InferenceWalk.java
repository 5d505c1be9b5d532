package cnnx.compiler.ops.tensor;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ir.ValueInfo;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpDef;
import cnnx.compiler.ops.OpRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs every node's inferTypes over a graph, the way a compiler pass would: initializers are
 * constants, and with folding on, nodes whose inputs are all constant (and Shape of a static
 * type) become constants too.
 */
final class InferenceWalk {
  private InferenceWalk() {}

  static Map<String, TensorType> infer(Graph g, boolean fold) {
    Map<String, TensorType> types = new HashMap<>();
    Map<String, Tensor> constants = new HashMap<>(g.initializers());
    g.initializers().forEach((k, v) -> types.put(k, v.type()));
    for (ValueInfo in : g.inputs()) {
      types.put(in.name(), in.type());
    }
    for (Node node : g.nodes()) {
      OpDef op = OpRegistry.standard().find(node.opType()).orElseThrow();
      List<TensorType> out = op.inferTypes(context(node, types, constants));
      for (int i = 0; i < node.outputs().size(); i++) {
        types.put(node.output(i), out.get(i));
      }
      if (fold) {
        fold(node, op, types, constants);
      }
    }
    return types;
  }

  private static void fold(Node node, OpDef op, Map<String, TensorType> types, Map<String, Tensor> constants) {
    if (node.opType().equals("Shape") && types.get(node.input(0)).isStatic()) {
      int[] shape = types.get(node.input(0)).shape();
      int[] r = ShapeOp.range(node, shape.length);
      long[] v = new long[r[1] - r[0]];
      for (int i = 0; i < v.length; i++) {
        v[i] = shape[r[0] + i];
      }
      constants.put(node.output(0), Tensor.vector(v));
      return;
    }
    List<Tensor> in = new ArrayList<>();
    for (String name : node.inputs()) {
      if (name.isEmpty()) {
        in.add(null);
      } else if (constants.containsKey(name)) {
        in.add(constants.get(name));
      } else {
        return;
      }
    }
    List<Tensor> out = op.evaluate(node, in);
    for (int i = 0; i < node.outputs().size(); i++) {
      constants.put(node.output(i), out.get(i));
    }
  }

  static InferenceContext context(Node node, Map<String, TensorType> types, Map<String, Tensor> constants) {
    return new InferenceContext() {
      @Override
      public Node node() {
        return node;
      }

      @Override
      public int inputCount() {
        return node.inputs().size();
      }

      @Override
      public TensorType inputType(int i) {
        if (!node.hasInput(i)) {
          throw node.invalid("input " + i + " is absent");
        }
        return types.get(node.input(i));
      }

      @Override
      public boolean hasInput(int i) {
        return node.hasInput(i);
      }

      @Override
      public Optional<Tensor> constant(int i) {
        return node.hasInput(i) ? Optional.ofNullable(constants.get(node.input(i))) : Optional.empty();
      }
    };
  }
}
