package cnnx.host.cli;

import cnnx.api.Cnnx;
import cnnx.api.CompileOptions;
import cnnx.api.TuningReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Measures a model's kernel variants on a device and keeps the fastest per layer for later compiles. */
@Command(name = "tune", mixinStandardHelpOptions = true,
    footer = {"", "Examples:",
        "  cnnx tune model.onnx --device opencl:0",
        "  cnnx tune model.onnx --device opencl:0 --batch 8 --runs 20 --max-seconds 120",
        "  JAVA_TOOL_OPTIONS=-Dcnnx.tuning=off cnnx run ...   # the built-in rules, tables ignored"},
    description = "Tune a model's kernels on a device: time every kernel variant its layers can run (register"
        + " blockings, Winograd, the pointwise template), each trial's outputs checked against the reference,"
        + " and keep the fastest per layer in the device's tuning table, beside the kernel cache. Every later"
        + " compile for the device (run, bench, plan, verify) uses the table. Exit 1 when a trial's outputs"
        + " did not match (that trial is not used).")
final class TuneCommand implements Callable<Integer> {
  @Parameters(paramLabel = "MODEL")
  Path model;

  @Option(names = "--device", defaultValue = "opencl", paramLabel = "DEVICE",
      description = "An OpenCL device here (opencl, opencl:N). Default: ${DEFAULT-VALUE}")
  String device;

  @Option(names = "--batch", defaultValue = "1", description = "Size for symbolic input dims. Default: ${DEFAULT-VALUE}")
  long batch;

  @Option(names = "--runs", defaultValue = "10",
      description = "Timed runs per trial (each launch's median). Default: ${DEFAULT-VALUE}")
  int runs;

  @Option(names = "--max-seconds", defaultValue = "600",
      description = "No trial starts after this long. Default: ${DEFAULT-VALUE}")
  double maxSeconds;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (runs < 1 || !(maxSeconds > 0)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--runs and --max-seconds must be positive");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Cnnx.discoverDevicesInBackground();
    TuningReport r = Cnnx.load(model).tune(device, CompileOptions.forDevice(device).withBatch(batch), runs,
        maxSeconds, line -> {
          err.println("tune: " + line);
          err.flush();
        });
    out.print(r.text());
    return r.refused().isEmpty() ? Main.OK : Main.MISMATCH;
  }
}
