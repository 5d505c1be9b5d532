package cnnx.host.cli;

import cnnx.api.Cnnx;
import cnnx.api.CompileOptions;
import cnnx.api.Model;
import cnnx.api.PlacedLaunch;
import cnnx.api.Prediction;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Places a model's launches over devices and presets by the performance model, and shows why. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    footer = {"", "Examples:",
        "  cnnx plan model.onnx --devices opencl:0,intel/de5a-net --fallback reference --explain",
        "  cnnx plan model.onnx --devices opencl:0,opencl:1 --objective throughput --stream 24",
        "  cnnx plan model.onnx --predict opencl:0"},
    description = "Place a model's launches over devices here and presets (see `cnnx boards`) by"
    + " the performance model: per launch the device, moves and predicted time, and the predicted total.")
final class PlanCommand implements Callable<Integer> {
  @Parameters(paramLabel = "MODEL")
  Path model;

  @Option(names = "--devices", split = ",", paramLabel = "DEVICE",
      description = "Devices here (opencl:0, reference, ...) and presets (nvidia/h100-sxm, intel/de5a-net, ...),"
          + " comma-separated; a pipeline's stages follow this order")
  List<String> devices = new ArrayList<>();

  @Option(names = "--target", paramLabel = "PRESET", description = "A preset to place on as well (repeatable)")
  List<String> targets = new ArrayList<>();

  @Option(names = "--objective", defaultValue = "latency",
      description = "latency (one run, HEFT) or throughput (pipeline stages over a stream). Default: ${DEFAULT-VALUE}")
  String objective;

  @Option(names = "--fallback", paramLabel = "DEVICE",
      description = "A device that may take launches none of --devices runs (recorded per launch); without it"
          + " such a launch is refused (exit 3)")
  String fallback;

  @Option(names = "--batch", defaultValue = "1", description = "Size for symbolic input dims. Default: ${DEFAULT-VALUE}")
  long batch;

  @Option(names = "--explain", description = "Show each launch's work and each device's model")
  boolean explain;

  @Option(names = "--predict", paramLabel = "DEVICE", description = "Instead of placing: run on this live device and"
      + " print predicted beside measured time per launch and in total, with residuals")
  String predict;

  @Option(names = "--runs", defaultValue = "5", description = "Timed runs for --predict (median). Default: ${DEFAULT-VALUE}")
  int runs;

  @Option(names = "--stream", paramLabel = "N", description = "Also run N inputs through the first device alone and"
      + " through a pipeline over all --devices (live ones), and print both rates and whether outputs are identical")
  int stream;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Model m = Cnnx.load(model);
    if (predict != null) {
      printPrediction(out, m.predictVsMeasured(predict, CompileOptions.forDevice(predict).withBatch(batch), runs));
      return Main.OK;
    }
    List<String> all = new ArrayList<>(devices);
    all.addAll(targets);
    if (all.isEmpty()) {
      all.add("opencl");
    }
    var report = m.place(all, objective, fallback, CompileOptions.forDevice(all.get(0)).withBatch(batch));
    out.print(explain ? report.explained() : report.text());
    if (stream > 0) {
      if (all.size() < 2) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--stream needs two --devices or more");
      }
      return StreamComparison.run(out, m, all, batch, stream);
    }
    return Main.OK;
  }

  static void printPrediction(PrintWriter out, Prediction p) {
    out.println("device: " + p.device() + "; model: " + p.method());
    out.printf("%4s  %-26s %12s %12s %9s%n", "#", "kernel", "predicted ms", "measured ms", "residual");
    for (int i = 0; i < p.launches().size(); i++) {
      PlacedLaunch l = p.launches().get(i);
      double m = p.measuredMs().get(i);
      if (p.atLoad(i)) {
        out.printf("%4d  %-26s %12s %12s %9s%n", l.index(), l.kernel(), "-", "-", "at load");
        continue;
      }
      out.printf("%4d  %-26s %12.3f %12.3f %+8.0f%%%n", l.index(), l.kernel(), l.predictedMs(), m,
          (l.predictedMs() / m - 1) * 100);
    }
    double device = p.predictedDeviceMs();
    out.printf("device time %32.3f %12.3f %+8.0f%%%n", device, p.measuredDeviceMs(),
        (device / p.measuredDeviceMs() - 1) * 100);
    out.printf("run (device + %.3f ms dispatch per launch) %5.3f %12.3f %+8.0f%%  (measured: wall time of a run)%n",
        p.dispatchMs(), p.totalMs(), p.measuredRunMs(), (p.totalMs() / p.measuredRunMs() - 1) * 100);
    out.printf("launches within ±30%%: %.0f%% (%d of %d%s)%n", p.fractionWithin(0.3) * 100,
        Math.round(p.fractionWithin(0.3) * p.perRunLaunches()), p.perRunLaunches(),
        p.loadTimeLaunches() == 0 ? "" : "; " + p.loadTimeLaunches() + " more run once at load");
    if (!p.refitted().isEmpty()) {
      out.println("later predictions use these runs: " + p.refitted());
    }
  }
}
