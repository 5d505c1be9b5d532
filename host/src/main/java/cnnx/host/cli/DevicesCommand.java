package cnnx.host.cli;

import cnnx.host.device.Device;
import cnnx.host.device.DeviceRegistry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Lists the devices models can run on. */
@Command(name = "devices", description = "List devices: the reference interpreter and every OpenCL device.")
final class DevicesCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    DeviceRegistry registry = DeviceRegistry.discover();
    for (Device d : registry.devices()) {
      out.println(d.describe().toText());
    }
    registry.openClUnavailableReason().ifPresent(r -> out.println("no OpenCL device: " + r));
    return Main.OK;
  }
}
