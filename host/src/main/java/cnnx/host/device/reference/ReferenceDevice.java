package cnnx.host.device.reference;

import cnnx.boards.Target;
import cnnx.host.device.Device;
import cnnx.host.device.DeviceDescription;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The plain-JVM reference interpreter: always present, the numerical ground truth. */
public final class ReferenceDevice implements Device {
  public static final String ID = "reference";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String kind() {
    return ReferenceProvider.KIND;
  }

  @Override
  public DeviceDescription describe() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("java", System.getProperty("java.version", "?"));
    properties.put("processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
    properties.put("max heap", (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
    return new DeviceDescription(ID, ReferenceProvider.KIND, "JVM reference interpreter",
        System.getProperty("java.vm.vendor", "?"), properties);
  }

  /** The reference runs the graph itself: nothing is compiled for it. */
  @Override
  public Optional<Target> target() {
    return Optional.empty();
  }

  @Override
  public String toString() {
    return ID;
  }
}
