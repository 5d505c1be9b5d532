package cnnx.api;

import cnnx.host.device.Device;
import cnnx.host.device.Executable;
import cnnx.host.device.RunHooks;
import cnnx.host.exec.LaunchFault;
import cnnx.host.exec.RunResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * A compiled model loaded on a device. Safe for concurrent {@link #run} calls from many threads; runs on one
 * OpenCL device are serialised on its queue. {@link #close} releases the device's memory and programs and waits
 * for a run in flight; later runs fail with a DEVICE error.
 */
public final class Session implements AutoCloseable {
  private final CompiledModel compiled;
  private final Device device;
  private final Executable primary;
  private final String compileFallback;
  private Executable fallback;
  private String fallbackId;
  private String runFallback;

  Session(CompiledModel compiled, Device device, Executable executable, String compileFallback) {
    this.compiled = compiled;
    this.device = device;
    this.primary = executable;
    this.compileFallback = compileFallback;
  }

  /** The id of the device it runs on. */
  public String device() {
    return device.id();
  }

  /** The device's id and name, for reports. */
  public String deviceLabel() {
    return primary.provenance().device();
  }

  public Result run(Map<String, Tensor> inputs) {
    return run(inputs, null);
  }

  /** Runs, showing each step's outputs to {@code observer}. */
  public Result run(Map<String, Tensor> inputs, StepObserver observer) {
    return run(inputs, observer, null, null);
  }

  /**
   * Runs each step on its own: before a step runs, its inputs are set to {@code values} (by graph value name,
   * e.g. the reference's results), so that its output shows its own error and not that of the steps before.
   */
  public Result runIsolated(Map<String, Tensor> inputs, Map<String, Tensor> values, StepObserver observer) {
    return run(inputs, observer, null, values);
  }

  /**
   * Runs with a deliberate error after the steps that compute {@code faultNode} (outputs shifted by
   * {@code delta}): shows that verification catches a broken kernel. Not for production use.
   */
  public Result runWithFault(Map<String, Tensor> inputs, StepObserver observer, String faultNode, float delta,
      Map<String, Tensor> isolatedValues) {
    return run(inputs, observer, new LaunchFault(faultNode, delta), isolatedValues);
  }

  private Result run(Map<String, Tensor> inputs, StepObserver observer, LaunchFault fault,
      Map<String, Tensor> isolatedValues) {
    return Failures.call(() -> {
      Map<String, cnnx.compiler.ir.Tensor> in = new LinkedHashMap<>();
      inputs.forEach((k, v) -> in.put(k, v.unwrap()));
      if (compiled.options() != null) {
        compiled.options().requireShapeValues(in);
      }
      cnnx.host.device.LaunchObserver obs = observer == null ? null : (i, kernel, nodes, written) -> {
        Map<String, Tensor> w = new LinkedHashMap<>();
        written.forEach((k, v) -> w.put(k, Tensor.wrap(v)));
        observer.afterStep(i, kernel, nodes, w);
      };
      RunHooks hooks = new RunHooks(obs, fault, isolatedValues == null ? null : value -> {
        Tensor t = isolatedValues.get(value);
        return t == null ? null : t.unwrap();
      });
      Executable exec = fallbackExecutable();
      if (exec == null) {
        try {
          return result(primary.run(in, hooks), device.id(), compileFallback);
        } catch (RuntimeException e) {
          RuntimeException t = Failures.translate(e);
          if (compiled.options() == null || compiled.options().fallback() == null || compiled.model() == null
              || t instanceof CnnxException c && c.kind() == CnnxException.Kind.INVALID) {
            throw t;
          }
          exec = switchToFallback(device.id() + ": " + e.getMessage());
        }
      }
      return result(exec.run(in, hooks), fallbackId(), runFallbackReason());
    });
  }

  private synchronized Executable fallbackExecutable() {
    return fallback;
  }

  private synchronized String fallbackId() {
    return fallbackId;
  }

  private synchronized String runFallbackReason() {
    return runFallback;
  }

  private synchronized Executable switchToFallback(String why) {
    if (fallback == null) {
      Device d = Cnnx.device(compiled.options().fallback());
      fallback = Cnnx.registry().providerOf(d).load(compiled.model().prepare(d, compiled.options()), d);
      fallbackId = d.id();
      runFallback = why;
    }
    return fallback;
  }

  private Result result(RunResult r, String deviceId, String fallbackFrom) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    r.outputs().forEach((k, v) -> out.put(k, Tensor.wrap(v)));
    cnnx.host.exec.Provenance p = r.provenance().with(fallbackFrom, compiled.waivedChecks());
    return new Result(out, p, deviceId);
  }

  /** Runs on {@code executor} (the common pool when null); the future fails with a {@link CnnxException}. */
  public CompletableFuture<Result> runAsync(Map<String, Tensor> inputs, Executor executor) {
    return CompletableFuture.supplyAsync(() -> run(inputs), executor == null ? ForkJoinPool.commonPool() : executor);
  }

  public CompletableFuture<Result> runAsync(Map<String, Tensor> inputs) {
    return runAsync(inputs, null);
  }

  @Override
  public void close() {
    Failures.run(() -> {
      try {
        primary.close();
      } finally {
        synchronized (this) {
          if (fallback != null) {
            fallback.close();
          }
        }
      }
    });
  }
}
