package cnnx.host.device.aparapi.lower;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** What lowering a node needs to know: each value's type (fused bodies' inner values included) and constants. */
final class LoweringContext {
  private final Graph graph;
  private final Map<String, TensorType> types;

  LoweringContext(Graph graph) {
    this.graph = graph;
    this.types = new HashMap<>(graph.types());
  }

  void addTypes(Map<String, TensorType> more) {
    types.putAll(more);
  }

  Map<String, TensorType> types() {
    return types;
  }

  TensorType type(String value) {
    TensorType t = types.get(value);
    if (t == null) {
      Tensor c = graph.initializers().get(value);
      if (c != null) {
        return c.type();
      }
      throw new Unsupported("the type of '" + value + "' is not known");
    }
    return t;
  }

  int[] shape(String value) {
    TensorType t = type(value);
    if (!t.isStatic()) {
      throw new Unsupported("'" + value + "' has no static shape (" + t + ")");
    }
    return t.shape();
  }

  int size(String value) {
    return Shapes.size(shape(value));
  }

  Optional<Tensor> constant(String value) {
    return Optional.ofNullable(graph.initializers().get(value));
  }

  boolean isConstant(String value) {
    return graph.initializers().containsKey(value);
  }

  /** The constant input {@code i} of {@code n}, or an {@link Unsupported} naming it. */
  Tensor requireConstant(Node n, int i, String what) {
    return constant(n.input(i)).orElseThrow(() -> new Unsupported(what + " '" + n.input(i)
        + "' is computed at run time (the Aparapi kernels take it only as a constant)"));
  }

  /** Every value the node computes on at run time must be float32: the kernels hold float arrays. */
  void requireFloat(Node n) {
    for (String v : n.inputs()) {
      if (!v.isEmpty() && !isConstant(v) && !type(v).dtype().isFloating()) {
        throw new Unsupported("input '" + v + "' is " + type(v).dtype() + " (the Aparapi kernels compute on float32)");
      }
    }
    for (String v : n.outputs()) {
      if (!v.isEmpty() && !type(v).dtype().isFloating()) {
        throw new Unsupported("output '" + v + "' is " + type(v).dtype() + " (the Aparapi kernels compute on float32)");
      }
    }
  }
}
