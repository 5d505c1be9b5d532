package cnnx.host.device.multi;

import cnnx.boards.Target;
import cnnx.compiler.schedule.Schedule;
import cnnx.host.device.Device;
import cnnx.host.device.DeviceDescription;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Several devices used as one: the model is split between them by the performance model, for a stream's
 * throughput (pipeline stages, in the members' order) or one run's latency (placement).
 */
record MultiDevice(String id, String kind, List<Device> members, Schedule.Objective objective) implements Device {
  MultiDevice {
    members = List.copyOf(members);
  }

  @Override
  public DeviceDescription describe() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("objective", objective.name().toLowerCase(java.util.Locale.ROOT));
    for (int i = 0; i < members.size(); i++) {
      p.put("member " + i, members.get(i).describe().name() + " (" + members.get(i).id() + ")");
    }
    return new DeviceDescription(id, kind, members.size() + " devices", "cnnx", p);
  }

  /** Not compiled for as one target: each stage is compiled for its own member's. */
  @Override
  public Optional<Target> target() {
    return Optional.empty();
  }
}
