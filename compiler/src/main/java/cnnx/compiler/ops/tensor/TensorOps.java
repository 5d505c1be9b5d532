package cnnx.compiler.ops.tensor;

import cnnx.compiler.ops.OpRegistry;

/** Shape, layout, indexing, padding and resampling ops. */
public final class TensorOps {
  private TensorOps() {}

  public static void register(OpRegistry.Builder b) {
  }
}
