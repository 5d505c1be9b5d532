package cnnx.host.cli;

import cnnx.compiler.error.UnsupportedModelException;
import picocli.CommandLine.Option;

/** The {@code --device} option shared by the commands that run models. */
final class DeviceOption {
  @Option(names = "--device", defaultValue = "reference",
      description = "Where to run: reference (the JVM reference interpreter). Default: ${DEFAULT-VALUE}.")
  String device;

  /** Fails, naming the device, unless it can be used. */
  void requireReference() {
    if (!device.equals("reference")) {
      throw new UnsupportedModelException("device '" + device + "' is not available; devices: reference");
    }
  }
}
