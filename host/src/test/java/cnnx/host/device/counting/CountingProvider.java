package cnnx.host.device.counting;

import cnnx.boards.Target;
import cnnx.compiler.Compiler;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.host.cl.DeviceException;
import cnnx.host.device.Artifact;
import cnnx.host.device.Device;
import cnnx.host.device.DeviceDescription;
import cnnx.host.device.DeviceProvider;
import cnnx.host.device.DeviceSpec;
import cnnx.host.device.Executable;
import cnnx.host.device.RunHooks;
import cnnx.host.exec.Provenance;
import cnnx.host.exec.RunResult;
import cnnx.kernels.plan.Plan;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A device added the way every device is added: this one class and one line in
 * {@code META-INF/services/cnnx.host.device.DeviceProvider} (test resources). It offers {@code counting:0}, which
 * interprets the model and counts its runs, so tests can see that the API, the CLI and the registry reach a
 * provider they were never told about.
 */
public final class CountingProvider implements DeviceProvider {
  public static final AtomicInteger RUNS = new AtomicInteger();
  private static final Device DEVICE = new Device() {
    @Override
    public String id() {
      return "counting:0";
    }

    @Override
    public String kind() {
      return "counting";
    }

    @Override
    public DeviceDescription describe() {
      return new DeviceDescription("counting:0", "counting", "run-counting interpreter", "tests", Map.of());
    }

    @Override
    public Optional<Target> target() {
      return Optional.empty();
    }
  };

  private record GraphOnly(Graph graph) implements Artifact {
    @Override
    public Optional<Plan> plan() {
      return Optional.empty();
    }

    @Override
    public String describe() {
      return "graph for counting:0";
    }
  }

  @Override
  public String kind() {
    return "counting";
  }

  @Override
  public String specForms() {
    return "counting, counting:0";
  }

  @Override
  public List<Device> devices() {
    return List.of(DEVICE);
  }

  @Override
  public Optional<String> unavailableReason() {
    return Optional.empty();
  }

  @Override
  public Device resolve(DeviceSpec spec) {
    if (spec.index().orElse(0) != 0) {
      throw new DeviceException("device '" + spec + "' does not exist; only counting:0");
    }
    return DEVICE;
  }

  @Override
  public Artifact prepare(Graph model, Device device, Compiler.Options options) {
    return new GraphOnly(model);
  }

  @Override
  public Executable load(Artifact artifact, Device device) {
    Graph g = ((GraphOnly) artifact).graph();
    Provenance p = new Provenance("counting:0", "test", List.of(), false, null);
    return new Executable() {
      @Override
      public RunResult run(Map<String, Tensor> inputs, RunHooks hooks) {
        RUNS.incrementAndGet();
        return new RunResult(new ReferenceInterpreter().run(g, inputs), p);
      }

      @Override
      public Provenance provenance() {
        return p;
      }

      @Override
      public void close() {}
    };
  }
}
