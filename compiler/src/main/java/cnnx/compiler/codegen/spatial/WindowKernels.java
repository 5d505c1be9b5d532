package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.KernelLibrary;

/** Pools, global pools, LRN, normalisations and unpooling as element emitters or window templates. */
public final class WindowKernels {
  private WindowKernels() {}

  public static void register(KernelLibrary.Builder b) {
  }
}
