package cnnx.compiler.pass;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ops.OpRegistry;

/**
 * Shape inference and constant folding, repeated until folding removes nothing more. One round is
 * not enough for exporters' chains: a Reshape whose target folds only gets its static type on the
 * next inference, and only then can a Shape of its output (or of anything computed from it) fold.
 * Each round removes at least one node or stops, so the loop ends after at most one round per node.
 */
public final class FoldToFixpoint implements Pass {
  private final InferShapes infer;
  private final FoldConstants fold;

  public FoldToFixpoint() {
    this(OpRegistry.standard());
  }

  public FoldToFixpoint(OpRegistry registry) {
    this.infer = new InferShapes(registry);
    this.fold = new FoldConstants(registry);
  }

  @Override
  public String name() {
    return "fold-to-fixpoint";
  }

  @Override
  public Graph apply(Graph graph) {
    Graph typed = infer.apply(graph);
    while (true) {
      int before = typed.nodes().size();
      typed = infer.apply(fold.apply(typed));
      if (typed.nodes().size() == before) {
        return typed;
      }
    }
  }
}
