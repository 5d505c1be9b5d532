package cnnx.host.device;

import cnnx.compiler.ir.Tensor;
import cnnx.host.exec.Provenance;
import cnnx.host.exec.RunResult;
import java.util.Map;

/**
 * A model loaded on one device, ready to run. Implementations are safe for concurrent {@link #run} calls
 * (they may serialise them). Closing releases everything the device holds for it; later runs fail with a
 * device error.
 */
public interface Executable extends AutoCloseable {
  /** Runs on these inputs (checked against the compiled signature first). */
  default RunResult run(Map<String, Tensor> inputs) {
    return run(inputs, RunHooks.NONE);
  }

  /** Runs with verification hooks. */
  RunResult run(Map<String, Tensor> inputs, RunHooks hooks);

  /**
   * Runs once and returns each launch's device time in nanoseconds, in plan order; empty where the device does
   * not time launches (the reference runs no plan).
   */
  default java.util.Optional<long[]> profile(Map<String, Tensor> inputs) {
    return java.util.Optional.empty();
  }

  /** The device, its driver and every launch this executable runs. */
  Provenance provenance();

  @Override
  void close();
}
