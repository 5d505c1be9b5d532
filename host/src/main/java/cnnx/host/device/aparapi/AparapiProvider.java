package cnnx.host.device.aparapi;

import cnnx.compiler.Compiler;
import cnnx.compiler.ir.Graph;
import cnnx.host.cl.DeviceException;
import cnnx.host.device.Artifact;
import cnnx.host.device.Device;
import cnnx.host.device.DeviceProvider;
import cnnx.host.device.DeviceSpec;
import cnnx.host.device.Executable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Aparapi's OpenCL devices: {@code aparapi:N}, and {@code aparapi} for the first (or, when Aparapi finds none,
 * for whatever Aparapi itself chooses — whose thread-pool launches are then refused, never run silently).
 * Models are compiled by the compiler's front end and fusion and run as Aparapi kernels written in Java.
 */
public final class AparapiProvider implements DeviceProvider {
  public static final String KIND = "aparapi";

  private List<AparapiDevice> devices;

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String specForms() {
    return "aparapi (Aparapi's first OpenCL device), aparapi:N";
  }

  @Override
  public int order() {
    return 20;
  }

  @Override
  public synchronized List<AparapiDevice> devices() {
    if (devices == null) {
      AparapiRuntime.Found found = AparapiRuntime.discover();
      List<AparapiDevice> list = new ArrayList<>();
      for (int i = 0; i < found.devices().size(); i++) {
        list.add(new AparapiDevice(KIND + ":" + i, KIND, found.devices().get(i), found.platforms().get(i), false));
      }
      devices = List.copyOf(list);
    }
    return devices;
  }

  @Override
  public Optional<String> unavailableReason() {
    return devices().isEmpty() ? Optional.of(AparapiRuntime.discover().problem()) : Optional.empty();
  }

  @Override
  public Device resolve(DeviceSpec spec) {
    List<AparapiDevice> here = devices();
    if (spec.index().isEmpty()) {
      return here.isEmpty() ? new AparapiDevice(KIND, KIND, null, null, false) : here.get(0);
    }
    int i = spec.index().getAsInt();
    if (i >= here.size()) {
      throw new DeviceException("device '" + spec + "' does not exist; "
          + (here.isEmpty() ? AparapiRuntime.discover().problem()
              : "Aparapi's OpenCL devices here: " + here.stream().map(d -> d.id() + " " + d.name()).toList()));
    }
    return here.get(i);
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
