package cnnx.host.cli;

import cnnx.api.Cnnx;
import cnnx.api.CnnxException;
import cnnx.api.CompiledModel;
import cnnx.api.Model;
import cnnx.api.Result;
import cnnx.api.Session;
import cnnx.api.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Runs a model, or a saved plan, on tensor files and writes output_N.pb. */
@Command(name = "run", description = "Run a model or a saved plan (cnnx compile -o) on input tensors (TensorProto"
    + " .pb files); write output_N.pb.")
final class RunCommand implements Callable<Integer> {
  @Parameters(paramLabel = "MODEL", description = "ONNX model file, or a plan file written by `cnnx compile -o`")
  Path model;

  @Option(names = "--input", required = true, arity = "1..*", paramLabel = "FILE",
      description = "Input tensors, matched to model inputs by stored name, else in order")
  List<Path> inputs;

  @Option(names = "--output-dir", defaultValue = ".", description = "Where output_N.pb go. Default: ${DEFAULT-VALUE}")
  Path outputDir;

  @Option(names = "--overwrite", description = "Replace existing output_N.pb files")
  boolean overwrite;

  @Option(names = "--show-provenance", description = "List every launch: kernel, source hash, build options, ONNX nodes")
  boolean showProvenance;

  @Mixin
  DeviceOption device;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    long t0 = System.nanoTime();
    CompiledModel compiled;
    Map<String, Tensor> feeds;
    if (Cnnx.isPlan(model)) {
      compiled = Cnnx.loadPlan(model);
      feeds = compiled.readInputs(inputs);
    } else {
      Model m = Cnnx.load(model);
      feeds = m.readInputs(inputs);
      compiled = m.compile(device.options().withInputsLike(feeds));
    }
    List<Path> targets = new ArrayList<>();
    for (int i = 0; i < compiled.outputNames().size(); i++) {
      Path p = outputDir.resolve("output_" + i + ".pb");
      if (Files.exists(p) && !overwrite) {
        throw new CnnxException(CnnxException.Kind.INVALID, p + " exists; pass --overwrite to replace it");
      }
      targets.add(p);
    }
    Result run;
    String label;
    try (Session session = device.device != null && Cnnx.isPlan(model) ? compiled.newSession(device.device)
        : compiled.newSession()) {
      run = session.run(feeds);
      label = session.deviceLabel();
    }
    double ms = (System.nanoTime() - t0) / 1e6;
    Files.createDirectories(outputDir);
    int i = 0;
    for (Map.Entry<String, Tensor> e : run.outputs().entrySet()) {
      e.getValue().write(targets.get(i), e.getKey());
      out.printf("%s -> %s %s%n", e.getKey(), targets.get(i), e.getValue().type());
      i++;
    }
    out.printf("%.1f ms (%s and first run included) on %s%n", ms, Cnnx.isPlan(model) ? "plan load" : "compile",
        label);
    out.println("provenance: " + run.provenanceSummary());
    if (showProvenance) {
      out.print(run.provenanceLaunches());
    }
    return Main.OK;
  }
}
