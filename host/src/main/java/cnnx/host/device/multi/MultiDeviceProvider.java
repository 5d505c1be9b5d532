package cnnx.host.device.multi;

import cnnx.compiler.Compiler;
import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.pass.PassManager;
import cnnx.compiler.schedule.GraphStages;
import cnnx.compiler.schedule.Schedule;
import cnnx.compiler.schedule.ScheduleText;
import cnnx.host.device.Artifact;
import cnnx.host.device.CompositeProvider;
import cnnx.host.device.Device;
import cnnx.host.device.DeviceRegistry;
import cnnx.host.device.DeviceSpec;
import cnnx.host.device.Executable;
import cnnx.host.schedule.DeviceModels;
import cnnx.host.schedule.EfficiencyStore;
import cnnx.host.schedule.Planner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Devices made of other devices. Preparing a model: run the front end, place its launches over the members by
 * the performance model, cut the graph where consecutive launches change device, and prepare each stage on its
 * member through the member's own provider. Loading loads every stage on its member.
 */
abstract class MultiDeviceProvider implements CompositeProvider {
  private volatile DeviceRegistry registry;

  @Override
  public void attach(DeviceRegistry r) {
    this.registry = r;
  }

  DeviceRegistry registry() {
    DeviceRegistry r = registry;
    if (r == null) {
      throw new IllegalStateException(kind() + " devices are resolved through a device registry");
    }
    return r;
  }

  /** Never the default device and not listed: it is named on purpose. */
  @Override
  public int order() {
    return 1000;
  }

  @Override
  public List<? extends Device> devices() {
    return List.of();
  }

  @Override
  public Optional<String> unavailableReason() {
    return Optional.empty();
  }

  @Override
  public Device resolve(DeviceSpec spec) {
    return resolve(spec.toString());
  }

  /** The objective its placement minimises. */
  abstract Schedule.Objective objective();

  @Override
  public Artifact prepare(Graph model, Device device, Compiler.Options options) {
    MultiDevice multi = own(device);
    Graph shaped = new PassManager(Compiler.frontEnd(options), false, null).run(model);
    List<String> ids = multi.members().stream().map(Device::id).toList();
    Planner.Planned planned = new Planner(new DeviceModels(registry(), EfficiencyStore.atDefaultLocation()))
        .plan(shaped, stageOptions(options), new Planner.Request(ids, objective(), null, false));
    List<Schedule.Segment> segments = planned.schedule().segments();
    List<Integer> cuts = new ArrayList<>();
    List<Device> stageDevices = new ArrayList<>();
    stageDevices.add(member(multi, segments.get(0).device()));
    for (Schedule.Segment seg : segments.subList(1, segments.size())) {
      int cut = GraphStages.cutAfterLaunches(shaped, planned.launches(), seg.from());
      int last = cuts.isEmpty() ? 0 : cuts.get(cuts.size() - 1);
      if (cut > last && cut < shaped.nodes().size()) {
        cuts.add(cut);
        stageDevices.add(member(multi, seg.device()));
      }
    }
    List<GraphStages.Stage> stages = GraphStages.split(shaped, cuts);
    List<StagedArtifact.Stage> prepared = new ArrayList<>();
    for (int s = 0; s < stages.size(); s++) {
      Device d = stageDevices.get(s);
      Artifact a = registry().providerOf(d).prepare(stages.get(s).graph(), d, stageOptions(options));
      prepared.add(new StagedArtifact.Stage(stages.get(s).inputs(), a, d));
    }
    List<String> outputs = shaped.outputs().stream().map(v -> v.name()).toList();
    return new StagedArtifact(prepared, outputs, ScheduleText.render(planned.schedule(), false));
  }

  /** A stage's inputs are already shaped: bind nothing by name (the caller's names are the first stage's). */
  private static Compiler.Options stageOptions(Compiler.Options o) {
    return new Compiler.Options(o.symbols(), o.defaultSize(), Map.of(), o.fuse(), o.verifyIr(), o.trace())
        .withMemoryLimit(o.memoryLimit());
  }

  @Override
  public Executable load(Artifact artifact, Device device) {
    MultiDevice multi = own(device);
    if (!(artifact instanceof StagedArtifact staged)) {
      throw new InvalidModelException(multi.id() + " runs models split into stages, not " + artifact.describe()
          + "; compile the model for " + multi.id());
    }
    List<Executable> loaded = new ArrayList<>();
    try {
      for (StagedArtifact.Stage s : staged.stages()) {
        loaded.add(registry().providerOf(s.device()).load(s.artifact(), s.device()));
      }
      return new StagedExecutable(multi.id(), staged, loaded);
    } catch (RuntimeException e) {
      loaded.forEach(Executable::close);
      throw e;
    }
  }

  private MultiDevice own(Device device) {
    if (device instanceof MultiDevice m && m.kind().equals(kind())) {
      return m;
    }
    throw new IllegalArgumentException(device.id() + " is not a " + kind() + " device");
  }

  private static Device member(MultiDevice multi, String id) {
    return multi.members().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
  }
}
