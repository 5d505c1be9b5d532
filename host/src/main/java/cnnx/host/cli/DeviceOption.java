package cnnx.host.cli;

import cnnx.compiler.Compiler;
import cnnx.compiler.analysis.MemoryBudget;
import cnnx.compiler.ir.Graph;
import cnnx.host.device.Device;
import cnnx.host.device.DeviceRegistry;
import cnnx.host.exec.FallbackRunner;
import cnnx.host.exec.ModelRunner;
import cnnx.host.exec.Runners;
import picocli.CommandLine.Option;

/** The {@code --device} option shared by the commands that run models. */
final class DeviceOption {
  @Option(names = "--device", defaultValue = "reference", paramLabel = "DEVICE",
      description = "reference (the JVM reference interpreter), opencl (first OpenCL device) or opencl:N."
          + " Default: ${DEFAULT-VALUE}. See `cnnx devices`.")
  String device;

  @Option(names = "--fallback", paramLabel = "DEVICE",
      description = "Run on this device when --device cannot compile or run the model (recorded in the output)."
          + " Without it, cnnx never falls back.")
  String fallback;

  /** The device named, or a DeviceException (exit 4) saying what exists. */
  Device resolve() {
    return resolve(DeviceRegistry.discover(), device);
  }

  /** A malformed spec is a usage error (exit 2); a missing device a device error (exit 4). */
  static Device resolve(DeviceRegistry registry, String spec) {
    try {
      return registry.resolve(spec);
    } catch (IllegalArgumentException e) {
      throw new cnnx.compiler.error.InvalidModelException("--device " + spec + ": " + e.getMessage());
    }
  }

  @Option(names = "--memory-limit", paramLabel = "SIZE", converter = MemoryLimitConverter.class,
      description = "Refuse runs that would need more memory than this (e.g. 512M, 2G), checked before anything"
          + " is allocated. Default: the free JVM heap (reference) or the device's global memory.")
  MemoryBudget memoryLimit;

  ModelRunner open(Graph graph) {
    if (fallback == null) {
      return Runners.open(resolve(), graph, Compiler.Options.defaults(), memoryLimit);
    }
    DeviceRegistry registry = DeviceRegistry.discover();
    ModelRunner second = Runners.open(resolve(registry, fallback), graph, Compiler.Options.defaults(), memoryLimit);
    return new FallbackRunner(() -> Runners.open(resolve(registry, device), graph, Compiler.Options.defaults(),
        memoryLimit), second);
  }
}
