package cnnx.host.cl;

/** The kind of an OpenCL device, from {@code CL_DEVICE_TYPE}. */
public enum ClDeviceType {
  CPU,
  GPU,
  ACCELERATOR,
  CUSTOM,
  OTHER;

  // Bit values from cl.h; a device reports one of them (plus, at most, CL_DEVICE_TYPE_DEFAULT).
  static ClDeviceType fromBits(long bits) {
    if ((bits & (1L << 2)) != 0) {
      return GPU;
    }
    if ((bits & (1L << 3)) != 0) {
      return ACCELERATOR;
    }
    if ((bits & (1L << 1)) != 0) {
      return CPU;
    }
    if ((bits & (1L << 4)) != 0) {
      return CUSTOM;
    }
    return OTHER;
  }
}
