package cnnx.compiler.ops.spatial;

import cnnx.compiler.ops.OpRegistry;

/** Conv, ConvTranspose, pooling, normalization, Gemm and MatMul. */
public final class SpatialOps {
  private SpatialOps() {}

  public static void register(OpRegistry.Builder b) {
  }
}
