package cnnx.host.schedule;

import cnnx.boards.Target;
import cnnx.compiler.Compiler;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.schedule.DeviceModel;
import cnnx.compiler.schedule.LaunchWork;
import cnnx.compiler.schedule.LaunchWorks;
import cnnx.compiler.schedule.Pipeline;
import cnnx.compiler.schedule.Placement;
import cnnx.compiler.schedule.Schedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Places a model's launches over named devices (live ones and presets): compiles once for the first live
 * device's target (else a preset's) to get the launches, models every device, then schedules for latency
 * (HEFT) or throughput (pipeline stages, in the order the devices were named).
 */
public final class Planner {
  private final DeviceModels models;

  public Planner(DeviceModels models) {
    this.models = models;
  }

  /**
   * @param devices device specs and preset ids, in order (a pipeline's stages follow it)
   * @param objective latency or throughput
   * @param fallback a device that may take launches none of {@code devices} runs, or null (then such a launch
   *     is refused)
   * @param remeasure measure live devices' kernel-family efficiency again
   */
  public record Request(List<String> devices, Schedule.Objective objective, String fallback, boolean remeasure) {
    public Request {
      devices = List.copyOf(new LinkedHashSet<>(devices));
      if (devices.isEmpty()) {
        throw new IllegalArgumentException("name at least one device or preset to place the model on");
      }
    }
  }

  /** The placement, what it was computed from, and the live devices by id. */
  public record Planned(Compiler.Compiled compiled, List<LaunchWork> launches, Schedule schedule,
      Map<String, PlacedDevice> devices) {}

  public Planned plan(Graph model, Compiler.Options options, Request r) {
    Target compileFor = models.compileTarget(r.devices());
    // across devices, placed launch by launch: a task kernel would hide the cut points and per-device costs of its
    // parts; on one device, the plan it runs
    Compiler.Options placing = r.devices().size() > 1 ? options.withTasks(false) : options;
    Compiler.Compiled compiled = new Compiler().compile(model, compileFor, TuningStore.applyTo(compileFor, placing));
    List<LaunchWork> works = LaunchWorks.of(compiled.graph(), compiled.plan());
    Map<String, PlacedDevice> placed = new LinkedHashMap<>();
    for (String name : r.devices()) {
      PlacedDevice p = models.model(name, works, model, options, r.remeasure());
      placed.put(p.model().id(), p);
    }
    List<DeviceModel> list = new ArrayList<>();
    placed.values().forEach(p -> list.add(p.model()));
    java.util.Set<String> outputs = compiled.plan().outputs().keySet().stream()
        .map(o -> compiled.plan().buffers().get(compiled.plan().outputs().get(o)).value())
        .collect(java.util.stream.Collectors.toSet());
    Schedule s;
    if (r.objective() == Schedule.Objective.THROUGHPUT) {
      s = Pipeline.throughput(works, list, outputs);
    } else {
      Optional<DeviceModel> fb = Optional.empty();
      if (r.fallback() != null) {
        PlacedDevice f = models.model(r.fallback(), works, model, options, r.remeasure());
        placed.putIfAbsent(f.model().id(), f);
        fb = Optional.of(f.model());
      }
      s = Placement.latency(works, list, fb, outputs);
    }
    return new Planned(compiled, works, s, placed);
  }
}
