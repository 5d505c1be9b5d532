package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.KernelLibrary;

/** Templates for Conv, ConvTranspose, Gemm and MatMul with fused epilogues (and pools where legal). */
public final class ContractionKernels {
  private ContractionKernels() {}

  public static void register(KernelLibrary.Builder b, cnnx.compiler.codegen.Winograd winograd) {
    b.lowering("Conv", new ConvLowering(winograd));
    b.lowering("ConvTranspose", new ConvTransposeLowering());
    b.lowering("Gemm", new GemmLowering());
    b.lowering("MatMul", new MatMulLowering());
  }
}
