package cnnx.boards;

/**
 * The flavour of OpenCL C a target's compiler takes. {@code OPENCL_C} is what GPU and CPU drivers build
 * at run time; the FPGA dialects are built ahead of time by a vendor tool.
 */
public enum KernelDialect {
  OPENCL_C,
  INTEL_FPGA_OPENCL,
  XILINX_OPENCL
}
