package cnnx.host.device;

/** Something that can run compiled models: the JVM reference, or an OpenCL device. */
public sealed interface Device permits ReferenceDevice, OpenClDevice {
  /** The id used on the command line, e.g. {@code reference} or {@code opencl:0}. */
  String id();

  /** What the device says about itself, for listings and reports. */
  DeviceDescription describe();
}
