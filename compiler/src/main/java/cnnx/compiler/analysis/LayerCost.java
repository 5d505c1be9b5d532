package cnnx.compiler.analysis;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ops.Cost;
import cnnx.compiler.ops.OpRegistry;
import java.util.Optional;

/** The cost of a layer as its op definition declares it ({@link cnnx.compiler.ops.OpDef#cost}). */
public final class LayerCost {
  private LayerCost() {}

  /** MACs and bytes moved by one node, or empty when the op is unknown or a shape is not static. */
  public static Optional<Cost> cost(Graph g, Node n) {
    return OpRegistry.standard().find(n.opType()).flatMap(op -> op.cost(g, n));
  }

  /** MACs of one node, or empty when the op does none or a shape is not static. */
  public static Optional<Long> macs(Graph g, Node n) {
    return cost(g, n).map(Cost::macs).filter(m -> m > 0);
  }
}
