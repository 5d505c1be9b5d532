package cnnx.host.device.multi;

import cnnx.compiler.ir.Tensor;
import cnnx.host.cl.DeviceException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Stages loaded on their devices. A run passes each stage's outputs through the host to the stages that read
 * them (an explicit read from one device and write to the next). Each stage has one worker thread, and a run is a
 * chain of tasks through their queues, so concurrent runs flow through the stages as a pipeline: while one input
 * is in stage 1, the next is already in stage 0, and a stage that finishes early starts on the next queued input
 * instead of waiting for the stage after it. The callers only wait (parked), so more runs in flight than stages
 * queue up rather than contend for the devices' cores.
 */
final class StagedExecutable implements Executable {
  private final String id;
  private final List<StagedArtifact.Stage> stages;
  private final List<Executable> loaded;
  private final List<String> graphOutputs;
  private final Provenance provenance;
  /** One thread per stage, running that stage's part of every run in the order the runs arrived. */
  private final List<ExecutorService> workers = new ArrayList<>();

  StagedExecutable(String id, StagedArtifact artifact, List<Executable> loaded) {
    this.id = id;
    this.stages = artifact.stages();
    this.loaded = List.copyOf(loaded);
    this.graphOutputs = artifact.graphOutputs();
    this.provenance = provenance();
    for (int s = 0; s < stages.size(); s++) {
      String name = "cnnx-stage-" + s + "-" + stages.get(s).device().id();
      workers.add(Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, name);
        t.setDaemon(true); // a session left open must not keep the JVM alive
        return t;
      }));
    }
  }

  @Override
  public RunResult run(Map<String, Tensor> inputs, RunHooks hooks) {
    CompletableFuture<Map<String, Tensor>> chain = CompletableFuture.completedFuture(new HashMap<>(inputs));
    int offset = 0;
    for (int s = 0; s < stages.size(); s++) {
      int stage = s;
      RunHooks stageHooks = shifted(hooks, offset);
      try {
        chain = chain.thenApplyAsync(values -> runStage(stage, values, stageHooks), workers.get(s));
      } catch (RejectedExecutionException e) {
        throw closed();
      }
      offset += loaded.get(s).provenance().launches().size();
    }
    Map<String, Tensor> values = await(chain);
    Map<String, Tensor> out = new LinkedHashMap<>();
    graphOutputs.forEach(o -> out.put(o, values.get(o)));
    return new RunResult(out, provenance);
  }

  /** Runs one stage on the values so far and adds its outputs to them (on that stage's worker). */
  private Map<String, Tensor> runStage(int s, Map<String, Tensor> values, RunHooks hooks) {
    Map<String, Tensor> in = new LinkedHashMap<>();
    for (String name : stages.get(s).inputs()) {
      Tensor t = values.get(name);
      if (t == null) {
        throw new cnnx.compiler.error.InvalidModelException("input '" + name + "' was not given");
      }
      in.put(name, t);
    }
    values.putAll(loaded.get(s).run(in, hooks).outputs());
    return values;
  }

  /** The run's result, or the error a stage threw, as that stage threw it. */
  private Map<String, Tensor> await(CompletableFuture<Map<String, Tensor>> chain) {
    try {
      return chain.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RejectedExecutionException) {
        throw closed();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  private DeviceException closed() {
    return new DeviceException("the model was closed on " + id + "; load it again");
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
    workers.forEach(ExecutorService::shutdown); // runs already queued still end, each with its device's error
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
