package cnnx.host.device;

import cnnx.host.cl.DeviceException;
import cnnx.host.cl.DeviceInfo;
import cnnx.host.cl.Discovery;
import cnnx.host.cl.OpenClPlatforms;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The devices this machine offers: the reference device first, then every OpenCL device in
 * discovery order. When OpenCL offers nothing, {@link #openClUnavailableReason()} says why.
 */
public final class DeviceRegistry {
  private final List<Device> devices;
  private final List<OpenClDevice> openCl;
  private final Discovery discovery;

  /** A registry over an existing discovery result (tests pass a made-up one). */
  public DeviceRegistry(Discovery discovery) {
    this.discovery = discovery;
    List<OpenClDevice> found = new ArrayList<>();
    for (DeviceInfo info : discovery.devices()) {
      found.add(new OpenClDevice(info));
    }
    this.openCl = List.copyOf(found);
    List<Device> all = new ArrayList<>();
    all.add(new ReferenceDevice());
    all.addAll(openCl);
    this.devices = List.copyOf(all);
  }

  /** Looks for OpenCL devices now; never throws. */
  public static DeviceRegistry discover() {
    return new DeviceRegistry(OpenClPlatforms.discover());
  }

  /** Every device, reference first. */
  public List<Device> devices() {
    return devices;
  }

  public List<OpenClDevice> openClDevices() {
    return openCl;
  }

  /** Why no OpenCL device is listed; empty when there is at least one. */
  public Optional<String> openClUnavailableReason() {
    return discovery.unavailableReason();
  }

  /** Problems met while looking, even if some devices were found. */
  public List<String> discoveryProblems() {
    return discovery.problems();
  }

  /** The device a {@code --device} value names; see {@link DeviceSpec#parse}. */
  public Device resolve(String spec) {
    return resolve(DeviceSpec.parse(spec));
  }

  /** The device a spec names, or a {@link DeviceException} saying what exists instead. */
  public Device resolve(DeviceSpec spec) {
    if (spec.kind().equals(DeviceSpec.REFERENCE)) {
      return devices.get(0);
    }
    if (openCl.isEmpty()) {
      throw new DeviceException(
          "device '" + spec + "' is not available: " + discovery.unavailableReason().orElseThrow());
    }
    int index = spec.index().orElse(0);
    if (index >= openCl.size()) {
      throw new DeviceException(
          "device '"
              + spec
              + "' does not exist; OpenCL devices here: "
              + openCl.stream().map(d -> d.info().summary()).toList());
    }
    return openCl.get(index);
  }
}
