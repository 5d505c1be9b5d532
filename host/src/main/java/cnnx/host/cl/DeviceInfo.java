package cnnx.host.cl;

import java.util.List;
import java.util.Objects;

/**
 * What one OpenCL device says about itself. Plain data: it holds no OpenCL handle, so it can be
 * passed around freely; {@link ClContext#open(DeviceInfo)} finds the device again by its indices.
 *
 * @param index position among all devices of all platforms, the N in {@code opencl:N}
 * @param platformIndex position of the platform in {@code clGetPlatformIDs}
 * @param deviceIndex position of the device within its platform
 * @param openClVersion {@code CL_DEVICE_VERSION}, e.g. "OpenCL 3.0 PoCL ..."
 * @param maxAllocBytes the largest single buffer the device accepts
 */
public record DeviceInfo(
    int index,
    int platformIndex,
    int deviceIndex,
    String platformName,
    String platformVersion,
    String deviceName,
    String vendor,
    String driverVersion,
    String openClVersion,
    ClDeviceType type,
    int computeUnits,
    long globalMemBytes,
    long localMemBytes,
    long maxAllocBytes,
    long maxWorkGroupSize,
    List<String> extensions,
    int preferredFloatVectorWidth) {

  public DeviceInfo {
    Objects.requireNonNull(platformName, "platformName");
    Objects.requireNonNull(platformVersion, "platformVersion");
    Objects.requireNonNull(deviceName, "deviceName");
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(driverVersion, "driverVersion");
    Objects.requireNonNull(openClVersion, "openClVersion");
    Objects.requireNonNull(type, "type");
    extensions = List.copyOf(extensions);
  }

  public boolean hasExtension(String name) {
    return extensions.contains(name);
  }

  /** Major OpenCL version the device implements, parsed from "OpenCL M.m ..."; 1 if unreadable. */
  public int openClMajorVersion() {
    String[] words = openClVersion.split("\\s+");
    if (words.length >= 2 && words[0].equals("OpenCL")) {
      int dot = words[1].indexOf('.');
      try {
        return Integer.parseInt(dot < 0 ? words[1] : words[1].substring(0, dot));
      } catch (NumberFormatException e) {
        return 1;
      }
    }
    return 1;
  }

  /** One line for listings: "opencl:0 pthread-... (Portable Computing Language, CPU, 2 CUs)". */
  public String summary() {
    return "opencl:"
        + index
        + " "
        + deviceName
        + " ("
        + platformName
        + ", "
        + type
        + ", "
        + computeUnits
        + " compute units, "
        + (globalMemBytes >> 20)
        + " MiB)";
  }
}
