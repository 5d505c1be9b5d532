package cnnx.kernels.plan;

/** One argument of a kernel launch, in the order of the kernel's parameters. */
public sealed interface KernelArg {
  /** A device buffer. */
  record Buffer(int bufferId) implements KernelArg {}

  /** An OpenCL {@code int}. */
  record Int(int value) implements KernelArg {}

  /** An OpenCL {@code long}. */
  record Long(long value) implements KernelArg {}

  /** An OpenCL {@code float}. */
  record Float(float value) implements KernelArg {}
}
