package cnnx.bench;

import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.verify.Tolerance;
import cnnx.host.device.DeviceRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cnnx bench}: one model on several devices, side by side in one run. */
@Command(name = "bench", description = "Time a model on several devices side by side (interleaved rounds,"
    + " outputs verified against the reference first); print a table, optionally write JSON and a chart.")
final class BenchCommand implements Callable<Integer> {
  @Parameters(paramLabel = "MODEL", description = "ONNX model file")
  Path model;

  @Option(names = "--devices", split = ",", defaultValue = "opencl:0,onnxruntime",
      description = "reference, opencl[:N], opencl[:N]/unfused, opencl[:N]/untuned (the rules' kernel variants, the"
          + " device's tuning table ignored), onnxruntime, or any other device (aparapi,"
          + " pipeline:opencl:0+opencl:1, ...); with both X and X/unfused, the fused / unfused"
          + " throughput beside each plan's estimated DRAM MB per run. Default: ${DEFAULT-VALUE}")
  List<String> devices;

  @Option(names = "--batch", split = ",", defaultValue = "1", description = "Batch sizes. Default: ${DEFAULT-VALUE}")
  List<Integer> batches;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON")
  Path json;

  @Option(names = "--chart", paramLabel = "FILE.png", description = "Write a throughput chart (PNG)")
  Path chart;

  @Option(names = "--warmup", defaultValue = "2", paramLabel = "SECONDS",
      description = "Warm-up time per device and batch. Default: ${DEFAULT-VALUE}")
  double warmupSeconds;

  @Option(names = "--rounds", defaultValue = "30", description = "Timed rounds (each device once per round). Default: ${DEFAULT-VALUE}")
  int rounds;

  @Option(names = "--turn", defaultValue = "5", paramLabel = "RUNS",
      description = "Consecutive runs per device in a round; the first is not timed (it pays for the device before)."
          + " 1: one timed run per device and round. Default: ${DEFAULT-VALUE}")
  int turn;

  @Option(names = "--max-seconds", defaultValue = "60",
      description = "Stop timing a batch after this long (at least 5 rounds). Default: ${DEFAULT-VALUE}")
  double maxSeconds;

  @Option(names = "--threads", defaultValue = "0",
      description = "Threads for ONNX Runtime; 0: every core, as the OpenCL CPU device uses. Default: ${DEFAULT-VALUE}")
  int threads;

  @Option(names = "--rtol", defaultValue = "1e-3", description = "Default: ${DEFAULT-VALUE}")
  double rtol;

  @Option(names = "--atol", defaultValue = "1e-3", description = "Default: ${DEFAULT-VALUE}")
  double atol;

  @Option(names = "--slowest", defaultValue = "5", description = "Slowest launches to list. Default: ${DEFAULT-VALUE}")
  int slowest;

  @Option(names = "--stream", paramLabel = "N", defaultValue = "0",
      description = "Also measure throughput over a stream of N runs with --in-flight of them at a time (what a"
          + " pipeline over several devices is for): the devices stream in turns, three times each, and each keeps"
          + " its median rate. Default: off")
  int streamRuns;

  @Option(names = "--in-flight", paramLabel = "K", defaultValue = "2",
      description = "Runs in flight at once in --stream. Default: ${DEFAULT-VALUE}")
  int inFlight;

  @Option(names = "--predict", description = "Print the performance model's prediction beside the measured device"
      + " time, per launch and in total, with residuals (devices the model covers)")
  boolean predict;

  @Option(names = "--require-idle", description = "Refuse to time on a busy machine instead of warning")
  boolean requireIdle;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (streamRuns < 0 || inFlight < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--stream must be 0 or more and --in-flight 1 or more");
    }
    if (turn < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--turn must be 1 or more, got " + turn);
    }
    int nThreads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    Graph graph = new OnnxImporter().load(model);
    DeviceRegistry registry = DeviceRegistry.discover();
    IdleCheck before = IdleCheck.now();
    if (!before.idle()) {
      if (requireIdle) {
        err.println("cnnx bench: the machine is busy (" + before.describe() + "); not timing");
        return cnnx.host.cli.Main.DEVICE_ERROR;
      }
      err.println("cnnx bench: warning: " + before.describe() + "; figures will be noisy, ratios still hold best");
    }
    List<DeviceResult> results = new ArrayList<>();
    List<Contender> contenders = new ArrayList<>();
    long macsPerImage = 0;
    try (ProgressBar bar = progressBar(batches.size() * (rounds + (streamRuns > 0 ? StreamThroughput.SEGMENTS : 0)) * devices.size())) {
      for (String d : devices) {
        contenders.add(Contenders.open(d, graph, model, nThreads, registry));
      }
      for (int batch : batches) {
        BenchInputs in = BenchInputs.of(graph, batch);
        macsPerImage = in.macs() / batch;
        Map<String, Tensor> expected = new ReferenceInterpreter().run(graph, in.feeds());
        BenchRunner runner = new BenchRunner(new BenchRunner.Budget(warmupSeconds, rounds, maxSeconds, slowest, streamRuns, inFlight, turn),
            new Tolerance(rtol, atol), step -> {
              if (bar != null) {
                bar.step();
                bar.setExtraMessage(step);
              }
            });
        results.addAll(runner.run(contenders, in, expected));
      }
    } finally {
      contenders.forEach(Contender::close);
    }
    if (predict) {
      results = Predictions.add(model, results, err);
    }
    BenchReport report = new BenchReport(model.toString(), macsPerImage, nThreads, before.describe(),
        IdleCheck.now().describe(), warmupSeconds, turn, results, FusionRatio.of(results));
    ResultTable.print(report, out);
    if (json != null) {
      createParent(json);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
      out.println("wrote " + json);
    }
    if (chart != null) {
      createParent(chart);
      ResultChart.write(report, chart);
      out.println("wrote " + chart);
    }
    return results.stream().allMatch(DeviceResult::verified) ? cnnx.host.cli.Main.OK : cnnx.host.cli.Main.MISMATCH;
  }

  private static void createParent(Path file) throws java.io.IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      java.nio.file.Files.createDirectories(parent);
    }
  }

  /** A bar only on a terminal: logs and pipes get the table alone. */
  private static ProgressBar progressBar(int steps) {
    return System.console() == null ? null
        : new ProgressBarBuilder().setTaskName("bench").setInitialMax(steps).continuousUpdate().build();
  }
}
