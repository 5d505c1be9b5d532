package cnnx.host.device;

import cnnx.boards.Target;
import java.util.Optional;

/**
 * Something that can run compiled models, offered by a {@link DeviceProvider}: the JVM reference, an OpenCL
 * device, or any device a provider adds.
 */
public interface Device {
  /** The id used on the command line and in provenance, e.g. {@code reference} or {@code opencl:0}. */
  String id();

  /** The provider kind that offers it ({@link DeviceProvider#kind()}). */
  String kind();

  /** What the device says about itself, for listings and reports. */
  DeviceDescription describe();

  /** What the compiler compiles for when this device runs a model; empty when it runs the graph itself. */
  Optional<Target> target();
}
