package cnnx.host.cli;

import cnnx.api.Cnnx;
import cnnx.api.CnnxException;
import cnnx.api.CompiledModel;
import cnnx.api.Model;
import cnnx.api.PlanCache;
import cnnx.api.Result;
import cnnx.api.Session;
import cnnx.api.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    boolean isPlan = Cnnx.isPlan(model);
    if (isPlan) {
      Cnnx.discoverDevicesInBackground(); // a plan runs on its own target's device
    } else {
      device.discoverEarly();
    }
    if (isPlan && ImageInputs.any(inputs)) {
      throw new CnnxException(CnnxException.Kind.INVALID, "image inputs need the ONNX model (its input shapes say how"
          + " to preprocess them); a plan takes tensor files");
    }
    PlanCache cache = PlanCache.atDefaultLocation();
    // not under --memory-limit: a run held to a budget compiles as it always did, and saving the plan is not free
    Optional<String> key = isPlan || ImageInputs.any(inputs) || device.fallback != null || memoryLimit.given()
        ? Optional.empty() : cache.key(model, inputs, device.device, loading.allowNewer);
    Prepared p = isPlan ? fromPlan() : key.flatMap(k -> reused(cache, k)).orElseGet(this::compiled);
    OutputFiles files;
    try {
      files = OutputFiles.check(outputDir, p.compiled.outputNames().size(), overwrite);
    } catch (RuntimeException e) {
      if (p.open != null) {
        p.open.close();
      }
      throw e;
    }
    List<Path> targets = files.targets();
    // The outputs are written and reported before the session closes: closing may still write kernel binaries
    // (KernelBinaryCache#defers), which should not delay the result.
    try (Session session = p.session()) {
      Result run = session.run(p.feeds);
      double ms = (System.nanoTime() - t0) / 1e6;
      files.writeAll(run.outputs());
      int i = 0;
      for (Map.Entry<String, Tensor> e : run.outputs().entrySet()) {
        out.printf("%s -> %s %s%n", e.getKey(), targets.get(i), e.getValue().type());
        i++;
      }
      out.printf("%.1f ms (%s and first run included) on %s%n", ms, p.how, session.deviceLabel());
      out.println("provenance: " + run.provenanceSummary());
      if (showProvenance) {
        out.print(run.provenanceLaunches());
      }
      out.flush();
    }
    if (p.keepable && key.isPresent()) {
      cache.store(key.get(), p.compiled); // after the result: the next run of this model loads it
    }
    return Main.OK;
  }

  /**
   * A compiled model, the inputs bound to it, how it was obtained, and its session when already open; else the
   * device to open it on (null: the one it was compiled for).
   */
  private record Prepared(CompiledModel compiled, Map<String, Tensor> feeds, String how, Session open, String on,
      boolean keepable) {
    Session session() {
      return open != null ? open : on != null ? compiled.newSession(on) : compiled.newSession(Progress.listener());
    }
  }

  private Prepared fromPlan() {
    CompiledModel compiled = Cnnx.loadPlan(model);
    if (memoryLimit.given()) {
      compiled = compiled.withMemoryLimit(memoryLimit.bytes);
    }
    Map<String, Tensor> feeds = compiled.readInputs(inputs);
    return new Prepared(compiled, feeds, "plan load", null, device.device, false);
  }

  private Prepared compiled() {
    Model m = loading.load(model);
    Map<String, Tensor> feeds = ImageInputs.any(inputs) ? ImageInputs.read(m, inputs, imageOptions)
        : m.readInputs(inputs);
    // weights from external data files: the cache's key covers the model file only
    return new Prepared(m.compile(memoryLimit.apply(device.options()).withInputsLike(feeds)), feeds, "compile", null,
        null, m.externalDataFiles().isEmpty());
  }

  /** The cached plan for this run, loaded and opened on the device; empty (and dropped) when it does not serve. */
  private Optional<Prepared> reused(PlanCache cache, String key) {
    Optional<CompiledModel> found = cache.find(key, model);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    CompiledModel compiled = found.get();
    Map<String, Tensor> feeds;
    try {
      feeds = compiled.readInputs(inputs);
    } catch (CnnxException e) {
      return Optional.empty(); // the inputs' fault, reported as usual by the compiling path below; the plan stays
    }
    try {
      // opened here, so that a plan that does not load on this device is compiled again instead
      return Optional.of(new Prepared(compiled, feeds, "cached plan load", compiled.newSession(device.device), null,
          false));
    } catch (CnnxException e) {
      cache.forget(key);
      return Optional.empty();
    }
  }
}
