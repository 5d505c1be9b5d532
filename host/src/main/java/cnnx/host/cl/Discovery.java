package cnnx.host.cl;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of looking for OpenCL devices: the devices found and, for each platform or step that
 * failed, why. Looking never throws; a machine without OpenCL yields no devices and a reason.
 */
public record Discovery(List<DeviceInfo> devices, List<String> problems) {
  public Discovery {
    devices = List.copyOf(devices);
    problems = List.copyOf(problems);
  }

  /** Why there are no devices, or empty when there are some. */
  public Optional<String> unavailableReason() {
    if (!devices.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(problems.isEmpty() ? "no OpenCL device found" : String.join("; ", problems));
  }
}
