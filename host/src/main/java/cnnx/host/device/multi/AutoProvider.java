package cnnx.host.device.multi;

import cnnx.compiler.schedule.Schedule;
import cnnx.host.cl.DeviceException;
import cnnx.host.device.CompositeProvider;
import cnnx.host.device.Device;
import cnnx.host.device.DeviceProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code auto}: every device here that models are compiled for, each launch placed by the performance model
 * for one run's latency (HEFT, transfers counted). The JVM reference is not a member: a model runs on it only
 * when the caller names it.
 */
public final class AutoProvider extends MultiDeviceProvider {
  public static final String KIND = "auto";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String specForms() {
    return "auto (every compiled-for device here, placed by the performance model)";
  }

  @Override
  Schedule.Objective objective() {
    return Schedule.Objective.LATENCY;
  }

  @Override
  public Device resolve(String spec) {
    if (!spec.equals(KIND)) {
      throw new IllegalArgumentException("bad device '" + spec + "': expected auto");
    }
    List<Device> members = new ArrayList<>();
    for (DeviceProvider p : registry().providers()) {
      if (!(p instanceof CompositeProvider)) {
        p.devices().stream().filter(d -> d.target().isPresent()).forEach(members::add);
      }
    }
    if (members.isEmpty()) {
      throw new DeviceException("device 'auto' is not available: no device here runs compiled plans");
    }
    return new MultiDevice(KIND, KIND, members, objective());
  }
}
