package cnnx.host.device;

import cnnx.compiler.Compiler;
import cnnx.compiler.ir.Graph;
import java.util.List;
import java.util.Optional;

/**
 * A kind of device, found through {@link java.util.ServiceLoader} (a line in
 * {@code META-INF/services/cnnx.host.device.DeviceProvider}). A provider lists the devices it offers on this
 * machine, resolves its part of a device spec, prepares a model for one of its devices and loads what it
 * prepared (or a saved plan) into an {@link Executable}. Adding a device is one provider class and one
 * service line: nothing outside a provider switches on device kinds.
 */
public interface DeviceProvider {
  /** The spec prefix it owns, e.g. {@code opencl}; unique among providers. */
  String kind();

  /** The spec forms it accepts, for messages: e.g. {@code "opencl (the first), opencl:N"}. */
  String specForms();

  /** Where it appears in listings and the default device choice: lower first. */
  default int order() {
    return 100;
  }

  /** The devices it offers here, discovered once. */
  List<? extends Device> devices();

  /** Why it offers none, when it offers none. */
  Optional<String> unavailableReason();

  /**
   * The device a spec of this provider's kind names; a {@link cnnx.host.cl.DeviceException} when it does not
   * exist here (saying what does), an {@link IllegalArgumentException} when the spec is malformed for it.
   */
  Device resolve(DeviceSpec spec);

  /**
   * The device's target with its peak rate and bandwidth measured (cached per device and driver); empty for
   * devices that are not compiled for.
   */
  default Optional<cnnx.boards.Target> calibrate(Device device) {
    return device.target();
  }

  /** Makes what the device runs from a model as imported (compiling where the device runs plans). */
  Artifact prepare(Graph model, Device device, Compiler.Options options);

  /**
   * Loads an artifact on one of its devices. A plan compiled for another target is refused with an
   * {@link cnnx.compiler.error.InvalidModelException}.
   */
  Executable load(Artifact artifact, Device device);

  /** As {@link #load(Artifact, Device)}, telling {@code progress} as kernel programs are built. */
  default Executable load(Artifact artifact, Device device, BuildProgress progress) {
    return load(artifact, device);
  }
}
