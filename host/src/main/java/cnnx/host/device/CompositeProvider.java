package cnnx.host.device;

/**
 * A provider whose devices are made of other devices ({@code pipeline:opencl:0+opencl:1}, {@code auto}): it
 * takes the whole spec text, since its members are specs themselves, and resolves them through the registry it
 * is attached to.
 */
public interface CompositeProvider extends DeviceProvider {
  /** Called once by the registry that holds it, before any resolve. */
  void attach(DeviceRegistry registry);

  /** The device a whole spec names, e.g. {@code pipeline:opencl:0+opencl:1}. */
  Device resolve(String spec);
}
