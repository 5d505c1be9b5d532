package cnnx.compiler.ops.spatial;

import cnnx.compiler.ops.OpRegistry;

/** Conv, ConvTranspose, pooling, normalization, Gemm and MatMul. */
public final class SpatialOps {
  private SpatialOps() {}

  public static void register(OpRegistry.Builder b) {
    b.add(new Conv());
    b.add(new ConvTranspose());
    b.add(new MaxPool());
    b.add(new AveragePool());
    b.add(new LpPool());
    b.add(GlobalPool.average());
    b.add(GlobalPool.maximum());
    b.add(GlobalPool.lp());
    b.add(new MaxUnpool());
    b.add(new BatchNormalization());
    b.add(new InstanceNormalization());
    b.add(new LayerNormalization());
    b.add(new GroupNormalization());
    b.add(new Lrn());
    b.add(new RoiAlign());
    b.add(new Gemm());
    b.add(new MatMul());
  }
}
