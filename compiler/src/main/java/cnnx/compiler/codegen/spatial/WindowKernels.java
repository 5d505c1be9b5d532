package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.KernelLibrary;

/** Pools, global pools, LRN, normalisations and unpooling as element emitters or window templates. */
public final class WindowKernels {
  private WindowKernels() {}

  public static void register(KernelLibrary.Builder b) {
    b.emitter("MaxPool", PoolEmitters::maxPool);
    b.emitter("AveragePool", PoolEmitters::averagePool);
    b.emitter("LpPool", PoolEmitters::lpPool);
    b.emitter("GlobalAveragePool", GlobalPoolEmitters::average);
    b.emitter("GlobalMaxPool", GlobalPoolEmitters::max);
    b.emitter("GlobalLpPool", GlobalPoolEmitters::lp);
    b.emitter("BatchNormalization", NormalizationEmitters::batchNormalization);
    b.emitter("LRN", NormalizationEmitters::lrn);
    b.emitter("RoiAlign", RoiAlignEmitter::emit);
    b.lowering("InstanceNormalization", new InstanceNormLowering());
    b.lowering("LayerNormalization", new RowNormLowering());
    b.lowering("GroupNormalization", new RowNormLowering());
    b.lowering("MaxUnpool", new MaxUnpoolLowering());
  }
}
