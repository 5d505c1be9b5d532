package cnnx.compiler.ops.elementwise;

import cnnx.compiler.ops.OpRegistry;

/** Activations, broadcasting arithmetic, softmax and reductions. */
public final class ElementwiseOps {
  private ElementwiseOps() {}

  public static void register(OpRegistry.Builder b) {
  }
}
