package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.KernelLibrary;

/** Contraction templates (Conv, ConvTranspose, Gemm, MatMul) and window kernels (pools, LRN, normalisation). */
public final class SpatialKernels {
  private SpatialKernels() {}

  public static void register(KernelLibrary.Builder b, cnnx.compiler.codegen.Winograd winograd) {
    ContractionKernels.register(b, winograd);
    WindowKernels.register(b);
  }
}
