package cnnx.compiler.codegen.elementwise;

import cnnx.compiler.codegen.KernelLibrary;

/** Element emitters for activations, arithmetic, comparisons, softmax and reductions. */
public final class ElementwiseKernels {
  private ElementwiseKernels() {}

  public static void register(KernelLibrary.Builder b) {
    UnaryKernels.register(b);
    ClipKernel.register(b);
    CastKernel.register(b);
    BinaryKernels.register(b);
    PowKernel.register(b);
    VariadicKernels.register(b);
    SoftmaxKernels.register(b);
    ReduceKernels.register(b);
  }
}
