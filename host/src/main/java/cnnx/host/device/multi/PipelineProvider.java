package cnnx.host.device.multi;

import cnnx.compiler.schedule.Schedule;
import cnnx.host.device.Device;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pipeline:A+B[+C...]}: the model cut into consecutive stages, stage i on device i, balanced by the
 * performance model for a stream of inputs (concurrent runs on one session flow through the stages).
 */
public final class PipelineProvider extends MultiDeviceProvider {
  public static final String KIND = "pipeline";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String specForms() {
    return "pipeline:DEVICE+DEVICE[+...] (e.g. pipeline:opencl:0+opencl:1)";
  }

  @Override
  Schedule.Objective objective() {
    return Schedule.Objective.THROUGHPUT;
  }

  @Override
  public Device resolve(String spec) {
    String prefix = KIND + ":";
    if (!spec.startsWith(prefix) || spec.length() == prefix.length()) {
      throw new IllegalArgumentException("bad device '" + spec + "': expected " + specForms());
    }
    List<Device> members = new ArrayList<>();
    for (String part : spec.substring(prefix.length()).split("\\+", -1)) {
      if (part.isBlank() || part.startsWith(KIND) || part.startsWith(AutoProvider.KIND)) {
        throw new IllegalArgumentException("bad device '" + spec + "': each stage is one device, e.g. opencl:0");
      }
      Device d = registry().resolve(part.strip());
      if (members.stream().anyMatch(m -> m.id().equals(d.id()))) {
        throw new IllegalArgumentException("bad device '" + spec + "': " + d.id() + " is named twice");
      }
      members.add(d);
    }
    if (members.size() < 2) {
      throw new IllegalArgumentException("bad device '" + spec + "': a pipeline needs two devices or more");
    }
    return new MultiDevice(spec, KIND, members, objective());
  }
}
