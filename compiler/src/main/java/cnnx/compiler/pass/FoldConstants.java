package cnnx.compiler.pass;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.ValueInfo;
import cnnx.compiler.ops.OpRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates at compile time every node whose inputs are all constants, and every Shape of a
 * statically shaped value, so that exporters' shape subgraphs (Shape → Gather → Unsqueeze →
 * Concat → Reshape) collapse into constant inputs. Needs types: run after {@link InferShapes}.
 */
public final class FoldConstants implements Pass {
  /** Larger results stay computed at run time, so folding never bloats the model. */
  private static final int MAX_FOLDED_ELEMENTS = 1 << 22;

  private final OpRegistry registry;

  public FoldConstants() {
    this(OpRegistry.standard());
  }

  public FoldConstants(OpRegistry registry) {
    this.registry = registry;
  }

  @Override
  public String name() {
    return "fold-constants";
  }

  @Override
  public Graph apply(Graph graph) {
    Map<String, Tensor> constants = new LinkedHashMap<>(graph.initializers());
    Set<String> graphOutputs = new HashSet<>();
    graph.outputs().forEach(o -> graphOutputs.add(o.name()));
    List<Node> kept = new ArrayList<>();
    for (Node node : graph.nodes()) {
      List<Tensor> folded = ConstantNodes.evaluate(registry, node, constants, graph.types(), MAX_FOLDED_ELEMENTS);
      if (folded == null) {
        kept.add(node);
        continue;
      }
      for (int i = 0; i < node.outputs().size(); i++) {
        if (!node.output(i).isEmpty()) {
          constants.put(node.output(i), folded.get(i));
        }
      }
    }
    // A folded graph output stays available as a constant.
    return graph.withNodes(kept).withInitializers(pruneUnused(constants, kept, graph.outputs()));
  }

  private static Map<String, Tensor> pruneUnused(Map<String, Tensor> constants, List<Node> nodes,
      List<ValueInfo> outputs) {
    Set<String> used = new HashSet<>();
    nodes.forEach(n -> {
      used.addAll(n.inputs());
      used.addAll(n.implicitInputs());
    });
    outputs.forEach(o -> used.add(o.name()));
    Map<String, Tensor> kept = new LinkedHashMap<>();
    constants.forEach((k, v) -> {
      if (used.contains(k)) {
        kept.put(k, v);
      }
    });
    return kept;
  }
}
