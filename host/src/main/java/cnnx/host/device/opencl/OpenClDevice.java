package cnnx.host.device.opencl;

import cnnx.boards.Target;
import cnnx.host.cl.DeviceInfo;
import cnnx.host.device.Device;
import cnnx.host.device.DeviceDescription;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An OpenCL device found by discovery; {@code opencl:N} with N its index among all devices. */
public final class OpenClDevice implements Device {
  private final DeviceInfo info;
  private final Target target;

  public OpenClDevice(DeviceInfo info) {
    this.info = Objects.requireNonNull(info, "info");
    this.target = OpenClTargets.of(info);
  }

  /** The discovered facts, which {@link cnnx.host.cl.ClContext#open} accepts. */
  public DeviceInfo info() {
    return info;
  }

  @Override
  public String id() {
    return OpenClProvider.KIND + ":" + info.index();
  }

  @Override
  public String kind() {
    return OpenClProvider.KIND;
  }

  /** The target from the device's own figures (rates uncalibrated; see {@link OpenClTargets#calibrated}). */
  @Override
  public Optional<Target> target() {
    return Optional.of(target);
  }

  @Override
  public DeviceDescription describe() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("platform", info.platformName() + " (" + info.platformVersion() + ")");
    properties.put("type", info.type().name());
    properties.put("version", info.openClVersion());
    properties.put("driver", info.driverVersion());
    properties.put("compute units", Integer.toString(info.computeUnits()));
    properties.put("global memory", (info.globalMemBytes() >> 20) + " MiB");
    properties.put("local memory", (info.localMemBytes() >> 10) + " KiB");
    properties.put("max allocation", (info.maxAllocBytes() >> 20) + " MiB");
    properties.put("max work-group size", Long.toString(info.maxWorkGroupSize()));
    properties.put("preferred float vector width", Integer.toString(info.preferredFloatVectorWidth()));
    properties.put("target", target.kind() + ", fingerprint " + target.fingerprint());
    properties.put("extensions", String.join(" ", info.extensions()));
    return new DeviceDescription(id(), OpenClProvider.KIND, info.deviceName(), info.vendor(), properties);
  }

  @Override
  public String toString() {
    return id();
  }
}
