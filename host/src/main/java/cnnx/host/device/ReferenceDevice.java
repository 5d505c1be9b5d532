package cnnx.host.device;

import java.util.LinkedHashMap;
import java.util.Map;

/** The plain-JVM reference interpreter: always present, the numerical ground truth. */
public final class ReferenceDevice implements Device {
  public static final String ID = "reference";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public DeviceDescription describe() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("java", System.getProperty("java.version", "?"));
    properties.put("processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
    properties.put("max heap", (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
    return new DeviceDescription(
        ID,
        "reference",
        "JVM reference interpreter",
        System.getProperty("java.vm.vendor", "?"),
        properties);
  }

  @Override
  public String toString() {
    return ID;
  }
}
