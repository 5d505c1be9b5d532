package cnnx.compiler.pass;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ir.ValueInfo;
import cnnx.compiler.ops.CheckedInference;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpDef;
import cnnx.compiler.ops.OpRegistry;
import cnnx.compiler.ops.control.SubgraphOp;
import cnnx.compiler.ops.fused.FusedOp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Types every value from the graph inputs and constants, node by node; validates each node. Small
 * values known before running (shape arithmetic on constants and on static shapes) are carried
 * forward as constants, as ONNX's data propagation does: a Reshape to a shape whose length comes
 * from the input's rank (Shape → Size → Sub → ConstantOfShape → Concat) is then typed in one pass.
 */
public final class InferShapes implements Pass {
  /** Values carried forward are shapes, axes and scalars; larger ones are left to constant folding. */
  private static final long MAX_PROPAGATED_ELEMENTS = 1 << 12;

  private final OpRegistry registry;

  public InferShapes() {
    this(OpRegistry.standard());
  }

  public InferShapes(OpRegistry registry) {
    this.registry = registry;
  }

  @Override
  public String name() {
    return "infer-shapes";
  }

  @Override
  public Graph apply(Graph graph) {
    Map<String, TensorType> types = new LinkedHashMap<>();
    for (ValueInfo in : graph.inputs()) {
      types.put(in.name(), in.type());
    }
    graph.initializers().forEach((k, v) -> types.put(k, v.type()));
    infer(graph.nodes(), types, new LinkedHashMap<>(graph.initializers()));
    return graph.withTypes(types);
  }

  /** Types a subgraph's outputs in the enclosing scope ({@code outer} types and constants). */
  public List<TensorType> subgraphOutputs(Graph sub, List<TensorType> inputTypes, Map<String, TensorType> outer,
      Map<String, Tensor> outerConstants) {
    Map<String, TensorType> types = new LinkedHashMap<>(outer);
    for (int i = 0; i < sub.inputs().size(); i++) {
      ValueInfo in = sub.inputs().get(i);
      if (i >= inputTypes.size() && !in.isTyped()) {
        throw new InvalidModelException("subgraph input '" + in.name() + "' has no type and none is given");
      }
      types.put(in.name(), i < inputTypes.size() ? inputTypes.get(i) : in.type());
    }
    sub.initializers().forEach((k, v) -> types.put(k, v.type()));
    Map<String, Tensor> constants = new LinkedHashMap<>(outerConstants);
    constants.putAll(sub.initializers());
    infer(sub.nodes(), types, constants);
    List<TensorType> out = new ArrayList<>();
    for (ValueInfo o : sub.outputs()) {
      TensorType t = types.get(o.name());
      if (t == null) {
        throw new InvalidModelException("subgraph output '" + o.name() + "' has no type");
      }
      out.add(t);
    }
    return out;
  }

  private void infer(List<Node> nodes, Map<String, TensorType> types, Map<String, Tensor> constants) {
    for (Node node : nodes) {
      OpDef op = registry.find(node.opType()).orElseThrow(() ->
          new UnsupportedModelException(node.describe() + ": op is not supported"));
      Context ctx = new Context(node, types, constants);
      List<TensorType> out = op instanceof SubgraphOp s
          ? s.inferTypes(ctx, (sub, in) -> subgraphOutputs(sub, in, types, constants))
          : CheckedInference.infer(op, ctx);
      if (node.opType().equals(FusedOp.OP_TYPE)) {
        // Values inside a fused body keep their types: codegen writes code for each step.
        types.putAll(FusedOp.bodyTypes(node, types, constants));
      }
      int produced = 0;
      for (int i = 0; i < node.outputs().size(); i++) {
        String name = node.output(i);
        if (name.isEmpty()) {
          continue;
        }
        if (i >= out.size()) {
          throw node.invalid("asks for output #" + i + " but the op has " + out.size());
        }
        types.put(name, out.get(i));
        produced++;
      }
      if (produced == 0) {
        throw node.invalid("no output is used");
      }
      List<Tensor> values = ConstantNodes.evaluate(registry, node, constants, types, MAX_PROPAGATED_ELEMENTS);
      if (values != null) {
        for (int i = 0; i < node.outputs().size(); i++) {
          if (!node.output(i).isEmpty()) {
            constants.put(node.output(i), values.get(i));
          }
        }
      }
    }
  }

  private record Context(Node node, Map<String, TensorType> types, Map<String, Tensor> constants)
      implements InferenceContext {
    @Override
    public int inputCount() {
      return node.inputs().size();
    }

    @Override
    public boolean hasInput(int i) {
      return node.hasInput(i);
    }

    @Override
    public TensorType inputType(int i) {
      if (!node.hasInput(i)) {
        throw node.invalid("input #" + i + " is required");
      }
      TensorType t = types.get(node.input(i));
      if (t == null) {
        throw new InvalidModelException(node.describe() + ": input '" + node.input(i) + "' has no type");
      }
      return t;
    }

    @Override
    public Optional<Tensor> constant(int i) {
      return node.hasInput(i) ? Optional.ofNullable(constants.get(node.input(i))) : Optional.empty();
    }
  }
}
