package cnnx.api;

import cnnx.host.device.Device;
import java.util.Map;

/**
 * A device as listings show it.
 *
 * @param id what {@code --device} and {@link CompileOptions#forDevice} take
 * @param properties kind-specific facts in a stable order
 * @param target the compile target's one-line summary, or "" for devices that run models directly
 */
public record DeviceInfo(String id, String kind, String name, String vendor, Map<String, String> properties,
    String target) {
  static DeviceInfo of(Device d) {
    var desc = d.describe();
    return new DeviceInfo(d.id(), d.kind(), desc.name(), desc.vendor(), desc.properties(),
        d.target().map(t -> t.summary()).orElse(""));
  }

  /** One header line and one indented line per property. */
  public String toText() {
    StringBuilder text = new StringBuilder(id + ": " + name + " (" + vendor + ")");
    properties.forEach((key, value) -> text.append("\n  ").append(key).append(": ").append(value));
    return text.toString();
  }
}
