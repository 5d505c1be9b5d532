package cnnx.compiler.pass;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;

/** What the target's kernels can absorb; fusion asks, the kernel library answers. */
public interface FusionPolicy {
  /** Whether an op can run as a step of an element chain or a conv epilogue. */
  boolean hasElementKernel(String opType);

  /** Whether a contraction's kernel can absorb this pool; if not, {@link #poolNote} says why. */
  boolean canFusePool(Node head, Node pool, Graph graph);

  /** Why a pool after a conv block stays a launch of its own. */
  String poolNote(Node head, Node pool, Graph graph);

  /**
   * Whether a second contraction can join a conv block as one kernel: {@code next} alone reads the value the
   * block {@code head} + {@code steps} computes (a depthwise conv and the 1x1 conv after it). None by default.
   */
  default boolean canJoinContraction(Node head, java.util.List<Node> steps, Node next, Graph graph) {
    return false;
  }
}
