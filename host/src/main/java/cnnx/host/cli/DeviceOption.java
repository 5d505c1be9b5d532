package cnnx.host.cli;

import cnnx.api.Cnnx;
import cnnx.api.CompileOptions;
import picocli.CommandLine.Option;

/** The {@code --device} and {@code --fallback} options shared by the commands that run models. */
final class DeviceOption {
  @Option(names = "--device", paramLabel = "DEVICE",
      description = "reference (the JVM reference interpreter), opencl (first OpenCL device), opencl:N, or another"
          + " provider's device. Default: reference for a model, the plan's own target for a saved plan."
          + " See `cnnx devices`.")
  String device;

  @Option(names = "--fallback", paramLabel = "DEVICE",
      description = "Run on this device when --device cannot compile or run the model (recorded in the output)."
          + " Without it, cnnx never falls back.")
  String fallback;

  /** Starts finding the devices while the model loads, unless it runs on the reference alone. */
  void discoverEarly() {
    if ((device != null && !device.strip().equals("reference")) || fallback != null) {
      Cnnx.discoverDevicesInBackground();
    }
  }

  /** The device to use for an ONNX model. */
  String deviceOrReference() {
    return device == null ? "reference" : device;
  }

  /** Compile options for the chosen device, with the fallback when one was named. */
  CompileOptions options() {
    CompileOptions o = CompileOptions.forDevice(deviceOrReference());
    return fallback == null ? o : o.withFallback(fallback);
  }
}
