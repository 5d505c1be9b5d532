package cnnx.compiler.ops.control;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpDef;
import java.util.List;

/**
 * An op that runs subgraphs (If, Loop). Its subgraphs read values of the enclosing graph that are
 * not its inputs, so shape inference and the interpreter give it a way to type and run them in the
 * enclosing scope; the scope-free {@link OpDef} methods are not used.
 */
public interface SubgraphOp extends OpDef {
  /** Types a subgraph's outputs given the types of its inputs (the enclosing scope is known). */
  @FunctionalInterface
  interface SubgraphTypes {
    List<TensorType> outputs(Graph subgraph, List<TensorType> inputTypes);
  }

  /** Runs a subgraph on values for its inputs (the enclosing scope is known), or types its outputs. */
  interface SubgraphRunner {
    List<Tensor> run(Graph subgraph, List<Tensor> inputs);

    List<TensorType> types(Graph subgraph, List<TensorType> inputTypes);
  }

  List<TensorType> inferTypes(InferenceContext ctx, SubgraphTypes subgraphs);

  List<Tensor> evaluate(Node node, List<Tensor> inputs, SubgraphRunner subgraphs);

  @Override
  default List<TensorType> inferTypes(InferenceContext ctx) {
    throw new IllegalStateException(ctx.node().describe() + " needs its enclosing scope to be typed");
  }

  @Override
  default List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    throw new IllegalStateException(node.describe() + " needs its enclosing scope to run");
  }

  /** Merges two branch types: same element type and rank required, unequal dims unknown. */
  static TensorType merge(Node node, TensorType a, TensorType b, String what) {
    if (a.dtype() != b.dtype() || a.rank() != b.rank()) {
      throw node.invalid(what + ": " + a + " and " + b + " differ in element type or rank");
    }
    List<cnnx.compiler.ir.Dim> dims = new java.util.ArrayList<>();
    for (int i = 0; i < a.rank(); i++) {
      dims.add(a.dim(i).equals(b.dim(i)) ? a.dim(i) : cnnx.compiler.ir.Dim.unknown());
    }
    return new TensorType(a.dtype(), dims);
  }
}
