package cnnx.compiler.ops.control;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import java.util.ArrayList;
import java.util.List;

/**
 * If: runs then_branch or else_branch (subgraphs without inputs) on a one-element bool condition
 * and returns that branch's outputs. Output types merge both branches' (a dim that differs is
 * unknown until run time).
 */
public final class IfOp implements SubgraphOp {
  @Override
  public String opType() {
    return "If";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OPAQUE;
  }

  private static Graph branch(Node node, String name) {
    Graph g = node.graphAttr(name);
    if (g == null) {
      throw node.invalid("attribute '" + name + "' (a graph) is required");
    }
    if (!g.inputs().isEmpty()) {
      throw node.invalid(name + " must take no inputs, takes " + g.inputs().size());
    }
    return g;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx, SubgraphTypes subgraphs) {
    Node node = ctx.node();
    if (ctx.inputCount() != 1 || !ctx.hasInput(0)) {
      throw node.invalid("expects one input, the condition");
    }
    TensorType cond = ctx.inputType(0);
    if (cond.dtype() != DataType.BOOL) {
      throw node.invalid("the condition must be bool, is " + cond);
    }
    Graph then = branch(node, "then_branch");
    Graph otherwise = branch(node, "else_branch");
    List<TensorType> a = subgraphs.outputs(then, List.of());
    List<TensorType> b = subgraphs.outputs(otherwise, List.of());
    if (a.size() != b.size() || a.size() < node.outputs().size()) {
      throw node.invalid("the branches give " + a.size() + " and " + b.size() + " outputs for "
          + node.outputs().size());
    }
    List<TensorType> out = new ArrayList<>();
    for (int i = 0; i < node.outputs().size(); i++) {
      out.add(SubgraphOp.merge(node, a.get(i), b.get(i), "output " + i + " of the branches"));
    }
    return out;
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs, SubgraphRunner subgraphs) {
    Tensor cond = inputs.get(0);
    if (cond.size() != 1) {
      throw node.invalid("the condition must hold one element, has " + cond.size());
    }
    return subgraphs.run(branch(node, cond.longs()[0] != 0 ? "then_branch" : "else_branch"), List.of());
  }
}
