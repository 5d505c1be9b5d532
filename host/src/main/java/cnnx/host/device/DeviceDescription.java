package cnnx.host.device;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A device's self-description: its id, kind ("reference", "opencl"), name and vendor, plus
 * kind-specific facts in a stable order (compute units, memory, driver version, ...).
 */
public record DeviceDescription(
    String id, String kind, String name, String vendor, Map<String, String> properties) {
  public DeviceDescription {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(vendor, "vendor");
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  /** One header line and one indented line per property. */
  public String toText() {
    StringBuilder text = new StringBuilder(id + ": " + name + " (" + vendor + ")");
    properties.forEach((key, value) -> text.append("\n  ").append(key).append(": ").append(value));
    return text.toString();
  }
}
