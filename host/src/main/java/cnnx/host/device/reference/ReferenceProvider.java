package cnnx.host.device.reference;

import cnnx.compiler.Compiler;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.pass.PassManager;
import cnnx.host.device.Artifact;
import cnnx.host.device.Device;
import cnnx.host.device.DeviceProvider;
import cnnx.host.device.DeviceSpec;
import cnnx.host.device.Executable;
import java.util.List;
import java.util.Optional;

/** The JVM reference interpreter as a device: {@code reference}. */
public final class ReferenceProvider implements DeviceProvider {
  public static final String KIND = "reference";
  private static final ReferenceDevice DEVICE = new ReferenceDevice();

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String specForms() {
    return "reference";
  }

  @Override
  public int order() {
    return 0;
  }

  @Override
  public List<ReferenceDevice> devices() {
    return List.of(DEVICE);
  }

  @Override
  public Optional<String> unavailableReason() {
    return Optional.empty();
  }

  @Override
  public Device resolve(DeviceSpec spec) {
    if (spec.index().isPresent()) {
      throw new IllegalArgumentException("the reference device takes no index: use 'reference'");
    }
    return DEVICE;
  }

  /** Binds the input shapes and folds constants: the graph the interpreter runs. */
  @Override
  public Artifact prepare(Graph model, Device device, Compiler.Options options) {
    if (options.inputShapes().isEmpty() && options.symbols().isEmpty()) {
      return new GraphArtifact(model, options.memoryLimit()); // shapes come with each run's inputs
    }
    return new GraphArtifact(new PassManager(Compiler.frontEnd(options), false, null).run(model), options.memoryLimit());
  }

  @Override
  public Executable load(Artifact artifact, Device device) {
    if (artifact instanceof GraphArtifact g) {
      return new ReferenceExecutable(g.graph(), g.memoryLimit());
    }
    throw new UnsupportedModelException("the reference device runs models, not compiled plans: "
        + artifact.describe() + "; load the ONNX model for it");
  }
}
