package cnnx.boards;

/** The broad class of a device: it decides the defaults of code generation (work-groups, blocking). */
public enum DeviceKind {
  CPU,
  GPU,
  FPGA
}
