package cnnx.compiler.pass;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The common end of the folding passes: nodes replaced in place, others dropped, unused constants pruned. */
final class NodeRewrites {
  private NodeRewrites() {}

  /** The graph with {@code replace} applied and {@code drop} removed, keeping only the constants still read. */
  static Graph apply(Graph graph, Map<Node, Node> replace, Set<Node> drop, Map<String, Tensor> initializers) {
    if (replace.isEmpty() && drop.isEmpty()) {
      return graph;
    }
    List<Node> nodes = new ArrayList<>();
    for (Node n : graph.nodes()) {
      if (!drop.contains(n)) {
        nodes.add(replace.getOrDefault(n, n));
      }
    }
    return FoldBatchNorm.pruneConstants(graph.withNodes(nodes), initializers);
  }
}
