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
import java.nio.file.Path;
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
@Command(name = "run", mixinStandardHelpOptions = true,
    footer = {"", "Examples:",
        "  cnnx run model.onnx --input input_0.pb --device opencl --output-dir out/",
        "  cnnx run model.cnnxplan --input input_0.pb --show-provenance",
        "  cnnx run resnet18.onnx --input photo.jpg --preprocess imagenet"},
    description = "Run a model or a saved plan (cnnx compile -o) on input tensors (TensorProto"
    + " .pb files, or PNG/JPEG images preprocessed as in `cnnx classify`); write output_N.pb.")
final class RunCommand implements Callable<Integer> {
  @Parameters(paramLabel = "MODEL", description = "ONNX model file, or a plan file written by `cnnx compile -o`")
  Path model;

  @Option(names = "--input", required = true, arity = "1..*", paramLabel = "FILE",
      description = "Input tensors, matched to model inputs by stored name, else in order; an image file is"
          + " the input at its position")
  List<Path> inputs;

  @Option(names = "--output-dir", defaultValue = ".", description = "Where output_N.pb go. Default: ${DEFAULT-VALUE}")
  Path outputDir;

  @Option(names = "--overwrite", description = "Replace existing output_N.pb files")
  boolean overwrite;

  @Option(names = "--show-provenance", description = "List every launch: kernel, source hash, build options, ONNX nodes")
  boolean showProvenance;

  @Mixin
  DeviceOption device;

  @Mixin
  MemoryLimitOption memoryLimit;

  @Mixin
  LoadOption loading;

  @Mixin
  ImageOptions imageOptions;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    long t0 = System.nanoTime();
    if (Cnnx.isPlan(model)) {
      Cnnx.discoverDevicesInBackground(); // a plan runs on its own target's device
    } else {
      device.discoverEarly();
    }
    CompiledModel compiled;
    Map<String, Tensor> feeds;
    if (Cnnx.isPlan(model) && ImageInputs.any(inputs)) {
      throw new CnnxException(CnnxException.Kind.INVALID, "image inputs need the ONNX model (its input shapes say how"
          + " to preprocess them); a plan takes tensor files");
    }
    if (Cnnx.isPlan(model)) {
      compiled = Cnnx.loadPlan(model);
      if (memoryLimit.given()) {
        compiled = compiled.withMemoryLimit(memoryLimit.bytes);
      }
      feeds = compiled.readInputs(inputs);
    } else {
      Model m = loading.load(model);
      feeds = ImageInputs.any(inputs) ? ImageInputs.read(m, inputs, imageOptions) : m.readInputs(inputs);
      compiled = m.compile(memoryLimit.apply(device.options()).withInputsLike(feeds));
    }
    OutputFiles files = OutputFiles.check(outputDir, compiled.outputNames().size(), overwrite);
    List<Path> targets = files.targets();
    // The outputs are written and reported before the session closes: closing may still write kernel binaries
    // (KernelBinaryCache#defers), which should not delay the result.
    try (Session session = device.device != null && Cnnx.isPlan(model) ? compiled.newSession(device.device)
        : compiled.newSession(Progress.listener())) {
      Result run = session.run(feeds);
      double ms = (System.nanoTime() - t0) / 1e6;
      files.writeAll(run.outputs());
      int i = 0;
      for (Map.Entry<String, Tensor> e : run.outputs().entrySet()) {
        out.printf("%s -> %s %s%n", e.getKey(), targets.get(i), e.getValue().type());
        i++;
      }
      out.printf("%.1f ms (%s and first run included) on %s%n", ms, Cnnx.isPlan(model) ? "plan load" : "compile",
          session.deviceLabel());
      out.println("provenance: " + run.provenanceSummary());
      if (showProvenance) {
        out.print(run.provenanceLaunches());
      }
      out.flush();
    }
    return Main.OK;
  }
}
