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
    return run(inputs, null);
  }

  /** Runs, showing each step's outputs to {@code observer} (null for none). */
  default RunResult run(Map<String, Tensor> inputs, LaunchObserver observer) {
    return run(inputs, observer, null);
  }

  /**
   * Runs with a deliberate error after the steps that cover one ONNX node (null for none): how tests and
   * {@code verify --inject-fault} show that verification catches a broken kernel.
   */
  RunResult run(Map<String, Tensor> inputs, LaunchObserver observer, cnnx.host.exec.LaunchFault fault);

  /** The device, its driver and every launch this executable runs. */
  Provenance provenance();

  @Override
  void close();
}
