package cnnx.host.cli;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.InputBinding;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.onnx.TensorFiles;
import cnnx.host.exec.ModelRunner;
import cnnx.host.exec.ProvenanceText;
import cnnx.host.exec.RunResult;
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

/** Runs a model on tensor files and writes output_N.pb. */
@Command(name = "run", description = "Run a model on input tensors (TensorProto .pb files); write output_N.pb.")
final class RunCommand implements Callable<Integer> {
  @Parameters(paramLabel = "MODEL", description = "ONNX model file")
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
    Graph g = new OnnxImporter().load(model);
    Map<String, Tensor> feeds = InputBinding.bind(g, inputs, "--input");
    List<Path> targets = new ArrayList<>();
    for (int i = 0; i < g.outputs().size(); i++) {
      Path p = outputDir.resolve("output_" + i + ".pb");
      if (Files.exists(p) && !overwrite) {
        throw new InvalidModelException(p + " exists; pass --overwrite to replace it");
      }
      targets.add(p);
    }
    Map<String, Tensor> results;
    String label;
    RunResult run;
    long t0 = System.nanoTime();
    try (ModelRunner runner = device.open(g)) {
      run = runner.run(feeds);
      results = run.outputs();
      label = runner.deviceLabel();
    }
    double ms = (System.nanoTime() - t0) / 1e6;
    Files.createDirectories(outputDir);
    int i = 0;
    for (Map.Entry<String, Tensor> e : results.entrySet()) {
      TensorFiles.write(targets.get(i), e.getKey(), e.getValue());
      out.printf("%s -> %s %s%n", e.getKey(), targets.get(i), e.getValue().type());
      i++;
    }
    out.printf("%.1f ms (compile and first run included) on %s%n", ms, label);
    out.println("provenance: " + ProvenanceText.summary(run.provenance()));
    if (showProvenance) {
      out.print(ProvenanceText.launches(run.provenance()));
    }
    return Main.OK;
  }
}
