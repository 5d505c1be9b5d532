package cnnx.host.device.opencl;

import cnnx.compiler.ir.Tensor;
import cnnx.host.cl.ClContext;
import cnnx.host.device.Executable;
import cnnx.host.exec.OpenClExecutable;
import cnnx.host.exec.Provenance;
import cnnx.host.exec.RunResult;
import java.util.Map;

/** A plan on its own OpenCL context: closing it closes both. */
final class OwnedContextExecutable implements Executable {
  private final OpenClExecutable executable;
  private final ClContext context;

  OwnedContextExecutable(OpenClExecutable executable, ClContext context) {
    this.executable = executable;
    this.context = context;
  }

  @Override
  public RunResult run(Map<String, Tensor> inputs, cnnx.host.device.RunHooks hooks) {
    return executable.run(inputs, hooks);
  }

  @Override
  public java.util.Optional<long[]> profile(Map<String, Tensor> inputs) {
    return java.util.Optional.of(executable.profile(inputs));
  }

  @Override
  public Provenance provenance() {
    return executable.provenance();
  }

  @Override
  public void close() {
    try {
      executable.close();
    } finally {
      context.close();
    }
  }
}
