package cnnx.host.device.aparapi;

import cnnx.compiler.Compiler;
import cnnx.compiler.ir.Graph;
import cnnx.host.cl.DeviceException;
import cnnx.host.device.Artifact;
import cnnx.host.device.Device;
import cnnx.host.device.DeviceProvider;
import cnnx.host.device.DeviceSpec;
import cnnx.host.device.Executable;
import java.util.List;
import java.util.Optional;

/**
 * {@code aparapi-jtp}: the same Aparapi kernels on Aparapi's Java thread pool, asked for by name. It is how a
 * caller allows the fallback the {@code aparapi} device refuses ({@code --fallback aparapi-jtp}); its launches
 * are recorded as JVM runs.
 */
public final class AparapiThreadPoolProvider implements DeviceProvider {
  public static final String KIND = "aparapi-jtp";
  private static final AparapiDevice DEVICE = new AparapiDevice(KIND, KIND, null, null, true);

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String specForms() {
    return "aparapi-jtp (Aparapi kernels on its Java thread pool)";
  }

  @Override
  public int order() {
    return 21;
  }

  @Override
  public List<AparapiDevice> devices() {
    return List.of(DEVICE);
  }

  @Override
  public Optional<String> unavailableReason() {
    return Optional.empty();
  }

  @Override
  public Device resolve(DeviceSpec spec) {
    if (spec.index().isPresent()) {
      throw new DeviceException("device '" + spec + "' does not exist; the thread pool is 'aparapi-jtp'");
    }
    AparapiLog.install();
    return DEVICE;
  }

  @Override
  public Artifact prepare(Graph model, Device device, Compiler.Options options) {
    return AparapiCompile.prepare(model, options);
  }

  @Override
  public Executable load(Artifact artifact, Device device) {
    return AparapiCompile.load(artifact, device);
  }
}
