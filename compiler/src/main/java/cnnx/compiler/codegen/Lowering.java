package cnnx.compiler.codegen;

import cnnx.compiler.ir.Node;
import java.util.List;

/**
 * Turns one node — or a fused group headed by it — into OpenCL launches. Contractions (Conv,
 * ConvTranspose, Gemm, MatMul) and window ops use tuned templates; element-wise and data-movement
 * ops go through {@link ElementEmitter}s.
 */
public interface Lowering {
  /**
   * @param head the node (or the fused body's first node)
   * @param epilogue element steps fused after the head (empty when unfused)
   * @param pool a MaxPool or AveragePool fused after the epilogue, or null
   * @param outputValue where the group's result goes
   */
  void lower(Node head, List<ChainStep> epilogue, Node pool, String outputValue, LoweringContext ctx);

  /** Whether this lowering can take {@code pool} as a fused epilogue of {@code head}; default no. */
  default boolean canFusePool(Node head, Node pool, cnnx.compiler.ir.Graph graph) {
    return false;
  }

  /** Why {@code pool} stays a separate launch after {@code head} (for the plan's notes). */
  default String poolNote(Node head, Node pool, cnnx.compiler.ir.Graph graph) {
    return "this kernel takes no pool epilogue";
  }

  /**
   * Why, on {@code target}, {@code head} runs faster without the pool it could take (its kernel then computes the
   * block another way, and the pool has a launch of its own), or null when the pool is better fused.
   */
  default String poolBetterApartOn(cnnx.boards.Target target, Node head, Node pool, cnnx.compiler.ir.Graph graph) {
    return null;
  }
}
