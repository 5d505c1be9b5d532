package cnnx.host.device.multi;

import cnnx.compiler.ir.Tensor;
import cnnx.host.device.Executable;
import cnnx.host.device.LaunchObserver;
import cnnx.host.device.RunHooks;
import cnnx.host.exec.LaunchProvenance;
import cnnx.host.exec.Provenance;
import cnnx.host.exec.RunResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stages loaded on their devices. A run passes each stage's outputs through the host to the stages that read
 * them (an explicit read from one device and write to the next). Runs are not serialised here: each stage's
 * device serialises its own, so concurrent runs flow through the stages as a pipeline — while one input is in
 * stage 1, the next is already in stage 0.
 */
final class StagedExecutable implements Executable {
  private final String id;
  private final List<StagedArtifact.Stage> stages;
  private final List<Executable> loaded;
  private final List<String> graphOutputs;
  private final Provenance provenance;

  StagedExecutable(String id, StagedArtifact artifact, List<Executable> loaded) {
    this.id = id;
    this.stages = artifact.stages();
    this.loaded = List.copyOf(loaded);
    this.graphOutputs = artifact.graphOutputs();
    this.provenance = provenance();
  }

  @Override
  public RunResult run(Map<String, Tensor> inputs, RunHooks hooks) {
    Map<String, Tensor> values = new HashMap<>(inputs);
    int offset = 0;
    for (int s = 0; s < stages.size(); s++) {
      Map<String, Tensor> in = new LinkedHashMap<>();
      for (String name : stages.get(s).inputs()) {
        Tensor t = values.get(name);
        if (t == null) {
          throw new cnnx.compiler.error.InvalidModelException("input '" + name + "' was not given");
        }
        in.put(name, t);
      }
      RunResult r = loaded.get(s).run(in, shifted(hooks, offset));
      values.putAll(r.outputs());
      offset += loaded.get(s).provenance().launches().size();
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    graphOutputs.forEach(o -> out.put(o, values.get(o)));
    return new RunResult(out, provenance);
  }

  /** Step indices continue across stages, so that a verifier sees one sequence of launches. */
  private static RunHooks shifted(RunHooks hooks, int offset) {
    if (hooks.observer() == null || offset == 0) {
      return hooks;
    }
    LaunchObserver o = hooks.observer();
    return new RunHooks((i, kernel, nodes, written) -> o.afterStep(i + offset, kernel, nodes, written), hooks.fault(),
        hooks.isolated());
  }

  @Override
  public java.util.Optional<long[]> profile(Map<String, Tensor> inputs) {
    return java.util.Optional.empty();
  }

  @Override
  public Provenance provenance() {
    if (provenance != null) {
      return provenance;
    }
    List<LaunchProvenance> launches = new ArrayList<>();
    StringBuilder device = new StringBuilder(id + ":");
    for (int s = 0; s < stages.size(); s++) {
      Provenance p = loaded.get(s).provenance();
      device.append(String.format(" stage %d on %s = %s, launches %d-%d;", s, stages.get(s).device().id(),
          p.device(), launches.size(), launches.size() + p.launches().size() - 1));
      launches.addAll(p.launches());
    }
    return new Provenance(device.toString(), loaded.get(0).provenance().driverVersion(), launches, false, null);
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (Executable e : loaded) {
      try {
        e.close();
      } catch (RuntimeException ex) {
        first = first == null ? ex : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
