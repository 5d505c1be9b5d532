package cnnx.host.cli;

import cnnx.api.Cnnx;
import cnnx.api.DeviceInfo;
import cnnx.api.TargetInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Lists the devices models can run on, and the targets they can be compiled for. */
@Command(name = "devices", mixinStandardHelpOptions = true,
    footer = {"", "Examples:",
        "  cnnx devices",
        "  cnnx devices --calibrate"},
    description = "List devices (the reference interpreter, every OpenCL device, any other"
    + " provider's) and the target presets that `compile --target` takes.")
final class DevicesCommand implements Callable<Integer> {
  @Option(names = "--calibrate", description = "Measure each compiled-for device's peak fp32 rate and memory"
      + " bandwidth (a short micro-benchmark, cached per device and driver)")
  boolean calibrate;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<DeviceInfo> devices = Cnnx.devices();
    try (Progress progress = Progress.start("calibrating",
        calibrate ? devices.stream().filter(d -> !d.target().isEmpty()).count() : 0)) {
      for (DeviceInfo d : devices) {
        out.println(d.toText());
        if (calibrate && !d.target().isEmpty()) {
          out.println("  calibrated: " + Cnnx.calibrate(d.id()).summary());
          progress.step();
        }
      }
    }
    for (String why : Cnnx.unavailableDevices()) {
      out.println("no " + why.replaceFirst(": ", " device: "));
    }
    out.println("target presets (compile only: cnnx compile MODEL --target ID):");
    for (TargetInfo t : Cnnx.targets()) {
      out.println("  " + t.summary());
    }
    return Main.OK;
  }
}
