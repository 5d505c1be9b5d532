package cnnx.compiler.codegen.tensor;

import cnnx.compiler.codegen.KernelLibrary;

/** Element emitters for data movement: concat, slice, pad, transpose, gather, resize and the like. */
public final class TensorKernels {
  private TensorKernels() {}

  public static void register(KernelLibrary.Builder b) {
  }
}
