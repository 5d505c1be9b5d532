package cnnx.compiler.ops.fused;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.Cost;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import cnnx.compiler.ops.OpRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cnnx.Fused}: a group of nodes compiled into one launch (a conv block, an element-wise
 * chain). Its attribute {@code body} holds the original nodes in order; its inputs are the body's
 * external inputs and its output is the last body node's. Its reference semantics are the body's,
 * node by node, so a fused graph runs on the interpreter and can be checked against the unfused one.
 */
public final class FusedOp implements OpDef {
  public static final String OP_TYPE = "cnnx.Fused";

  @Override
  public String opType() {
    return OP_TYPE;
  }

  @Override
  public OpCategory category() {
    return OpCategory.OPAQUE;
  }

  /** The body's MACs; only the group's own inputs and output cross memory. */
  @Override
  public Optional<Cost> cost(Graph g, Node fused) {
    long macs = 0;
    for (Node n : fused.nodesAttr("body")) {
      Optional<Cost> c = OpRegistry.standard().find(n.opType()).flatMap(op -> op.cost(g, n));
      if (c.isEmpty()) {
        return Optional.empty();
      }
      macs += c.get().macs();
    }
    return Cost.withMacs(g, fused, Optional.of(macs));
  }

  /** Types of every value inside the body, in order, last one being the fused node's output. */
  public static Map<String, TensorType> bodyTypes(Node fused, Map<String, TensorType> outer,
      Map<String, Tensor> constants) {
    // Looked up inner first, then outer: copying outer (the whole graph's types) per fused node made
    // type inference quadratic in a long chain.
    Map<String, TensorType> inner = new java.util.LinkedHashMap<>();
    for (Node n : fused.nodesAttr("body")) {
      OpDef op = OpRegistry.standard().find(n.opType()).orElseThrow();
      List<TensorType> out = op.inferTypes(new InferenceContext() {
        @Override
        public Node node() {
          return n;
        }

        @Override
        public int inputCount() {
          return n.inputs().size();
        }

        @Override
        public TensorType inputType(int i) {
          if (!n.hasInput(i)) {
            throw n.invalid("input #" + i + " is required");
          }
          TensorType t = inner.get(n.input(i));
          return t != null ? t : outer.get(n.input(i));
        }

        @Override
        public boolean hasInput(int i) {
          return n.hasInput(i);
        }

        @Override
        public Optional<Tensor> constant(int i) {
          return n.hasInput(i) ? Optional.ofNullable(constants.get(n.input(i))) : Optional.empty();
        }
      });
      for (int i = 0; i < n.outputs().size() && i < out.size(); i++) {
        if (!n.output(i).isEmpty()) {
          inner.put(n.output(i), out.get(i));
        }
      }
    }
    return inner;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Node fused = ctx.node();
    Map<String, TensorType> outer = new HashMap<>();
    Map<String, Tensor> constants = new HashMap<>();
    for (int i = 0; i < ctx.inputCount(); i++) {
      if (ctx.hasInput(i)) {
        String name = fused.input(i);
        outer.put(name, ctx.inputType(i));
        ctx.constant(i).ifPresent(t -> constants.put(name, t));
      }
    }
    Map<String, TensorType> inner = bodyTypes(fused, outer, constants);
    return List.of(inner.get(fused.output(0)));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    Map<String, Tensor> env = new HashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      if (node.hasInput(i)) {
        env.put(node.input(i), inputs.get(i));
      }
    }
    for (Node n : node.nodesAttr("body")) {
      List<Tensor> in = new ArrayList<>();
      for (String v : n.inputs()) {
        in.add(v.isEmpty() ? null : env.get(v));
      }
      List<Tensor> out = OpRegistry.standard().find(n.opType()).orElseThrow().evaluate(n, in);
      for (int i = 0; i < n.outputs().size() && i < out.size(); i++) {
        if (!n.output(i).isEmpty()) {
          env.put(n.output(i), out.get(i));
        }
      }
    }
    return List.of(env.get(node.output(0)));
  }
}
