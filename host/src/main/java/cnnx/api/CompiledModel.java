package cnnx.api;

import cnnx.host.device.Artifact;
import cnnx.host.device.BuildProgress;
import cnnx.host.device.Device;
import cnnx.host.device.DeviceProvider;
import cnnx.host.device.PlanArtifact;
import cnnx.kernels.plan.Plan;
import cnnx.kernels.plan.PlanFile;
import cnnx.kernels.plan.PlanPrinter;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.onnx.TensorFiles;
import cnnx.kernels.plan.TensorSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/**
 * A model compiled for one device or target: immutable, shareable between threads. Open a {@link Session} to
 * run it; {@link #save} writes its plan for a deployment that needs no ONNX file and no compiler.
 */
public final class CompiledModel {
  private final Model model;
  private final Device device;
  private final Artifact artifact;
  private final CompileOptions options;
  private final String fallbackFrom;

  CompiledModel(Model model, Device device, Artifact artifact, CompileOptions options) {
    this(model, device, artifact, options, null);
  }

  private CompiledModel(Model model, Device device, Artifact artifact, CompileOptions options, String fallbackFrom) {
    this.model = model;
    this.device = device;
    this.artifact = artifact;
    this.options = options;
    this.fallbackFrom = fallbackFrom;
  }

  CompiledModel fellBackFrom(String why) {
    return new CompiledModel(model, device, artifact, options, why);
  }

  /** The device it was compiled for, when compiled for one here (not for a preset or loaded from a file). */
  public Optional<String> device() {
    return Optional.ofNullable(device).map(Device::id);
  }

  /** The target the plan was compiled for ("reference" for the reference device). */
  public String target() {
    return plan().map(p -> p.origin().targetId()).orElse(device == null ? "?" : device.id());
  }

  /**
   * The loading checks the user waived for the model (e.g. an opset newer than cnnx knows); for a saved plan,
   * those of the model it was compiled from, as the plan file records them.
   */
  public List<String> waivedChecks() {
    if (model != null) {
      return model.waivedChecks();
    }
    return plan().map(p -> p.origin() == null ? List.<String>of() : p.origin().waivedChecks()).orElse(List.of());
  }

  /**
   * The hash of the model file it was compiled from (as {@link Model#hash()}); for a saved plan, the one the plan
   * file records; empty where neither knows it.
   */
  public Optional<String> modelHash() {
    if (model != null) {
      return Optional.of(model.hash()).filter(h -> !h.isEmpty());
    }
    return plan().map(p -> p.origin() == null ? "" : p.origin().modelHash()).filter(h -> h != null && !h.isEmpty());
  }

  /** Why compiling fell back to another device, when it did (the caller allowed it). */
  public Optional<String> fallbackFrom() {
    return Optional.ofNullable(fallbackFrom);
  }

  Optional<Plan> plan() {
    return artifact.plan();
  }

  /** The plan as text: the target, then one line per launch with the reasons for its shape. */
  public String planText() {
    return plan().map(PlanPrinter::print).orElse(artifact.describe() + "\n");
  }

  /** The input names, in the model's order. */
  public List<String> inputNames() {
    return plan().map(p -> p.inputSpecs().stream().map(TensorSpec::name).toList())
        .orElseGet(() -> model.inputs().stream().map(TensorInfo::name).toList());
  }

  /** The output names, in the model's order. */
  public List<String> outputNames() {
    return plan().map(p -> p.outputSpecs().stream().map(TensorSpec::name).toList())
        .orElseGet(() -> model.outputs().stream().map(TensorInfo::name).toList());
  }

  /**
   * The inputs with the types they run with: a plan's static shapes (its batch included), or the model's declared
   * types (symbolic dims by name) on a device that runs the model directly. Lets a caller shape its feeds from a
   * plan file alone.
   */
  public List<TensorInfo> inputs() {
    return plan().map(p -> p.inputSpecs().stream().map(CompiledModel::info).toList()).orElseGet(() -> model.inputs());
  }

  /** The outputs with their types, as {@link #inputs()}. */
  public List<TensorInfo> outputs() {
    return plan().map(p -> p.outputSpecs().stream().map(CompiledModel::info).toList()).orElseGet(() -> model.outputs());
  }

  private static TensorInfo info(TensorSpec s) {
    DataType t = DataType.fromOnnx(s.onnxType(), s.name());
    return new TensorInfo(s.name(), t.name(), TensorType.of(t, s.shape()).toString());
  }

  /**
   * Reads TensorProto files for the inputs: matched by the names stored in the files when every file names an
   * input, else in order.
   */
  public Map<String, Tensor> readInputs(List<Path> files) {
    return Failures.call(() -> {
      List<String> names = inputNames();
      if (files.size() != names.size()) {
        throw new CnnxException(CnnxException.Kind.INVALID, "--input: the model takes " + names.size()
            + " inputs " + names + ", got " + files.size() + " files");
      }
      List<String> stored = files.stream().map(TensorFiles::readName).toList();
      boolean byName = new java.util.HashSet<>(stored).equals(new java.util.HashSet<>(names));
      Map<String, Tensor> feeds = new LinkedHashMap<>();
      for (int k = 0; k < files.size(); k++) {
        feeds.put(byName ? stored.get(k) : names.get(k), Tensor.read(files.get(k)));
      }
      return feeds;
    });
  }

  /** Launches in the plan (0 for devices that run the model directly). */
  public int launchCount() {
    return plan().map(p -> p.launches().size()).orElse(0);
  }

  public int programCount() {
    return plan().map(p -> p.programs().size()).orElse(0);
  }

  /** How long each compile step took. */
  public List<StepTiming> timings() {
    return artifact.timings().stream().map(t -> new StepTiming(t.pass(), t.nanos())).toList();
  }

  /**
   * The same compiled model under a memory limit: loading refuses a plan whose buffers together need more than
   * {@code bytes} (INVALID, naming the largest tensors) before allocating anything. For plans (a plan file read
   * with {@link Cnnx#loadPlan}); a model compiled for a device that runs graphs takes its limit from
   * {@link CompileOptions#withMemoryLimit}.
   */
  public CompiledModel withMemoryLimit(long bytes) {
    if (bytes <= 0) {
      throw new CnnxException(CnnxException.Kind.INVALID, "a memory limit must be a positive size, got " + bytes);
    }
    if (!(artifact instanceof PlanArtifact p)) {
      throw new CnnxException(CnnxException.Kind.UNSUPPORTED, artifact.describe()
          + " is not a plan: set the limit with CompileOptions.withMemoryLimit when compiling");
    }
    return Failures.call(() -> {
      var limit = new cnnx.compiler.analysis.MemoryBudget(bytes, "--memory-limit");
      cnnx.compiler.analysis.PlanBytes.check(p.compiled(), limit);
      return new CompiledModel(model, device, p.withMemoryLimit(limit), options, fallbackFrom);
    });
  }

  /** Writes the plan: versioned and checksummed, refused on load when damaged or run on another target. */
  public void save(Path file) {
    Plan plan = plan().orElseThrow(() -> new CnnxException(CnnxException.Kind.UNSUPPORTED,
        "nothing to save for " + target() + ": " + artifact.describe() + "; compile for an OpenCL device or target"));
    Failures.run(() -> PlanFile.write(plan, file));
  }

  /** A session on the device it was compiled for (for a plan from a file or a preset: a device here whose
   * target matches). */
  public Session newSession() {
    return newSession((ProgressListener) null);
  }

  /**
   * As {@link #newSession()}, telling {@code progress} (when not null) as the device builds the plan's kernel
   * programs ({@code "building kernels"}).
   */
  public Session newSession(ProgressListener progress) {
    BuildProgress builds = progress == null ? BuildProgress.NONE
        : (done, total) -> progress.progress("building kernels", done, total);
    return Failures.call(() -> {
      if (device != null) {
        return open(device, builds);
      }
      Plan plan = plan().orElseThrow();
      for (DeviceProvider p : Cnnx.registry().providers()) {
        for (Device d : p.devices()) {
          if (d.target().map(t -> t.fingerprint().equals(plan.origin().targetFingerprint())).orElse(false)) {
            return open(d, builds);
          }
        }
      }
      throw new CnnxException(CnnxException.Kind.INVALID, "the plan was compiled for " + plan.origin().targetId()
          + " (" + plan.origin().targetSummary() + "); no device here has that target: name one with --device"
          + " to be told why it does not fit");
    });
  }

  /** A session on a named device; the plan must have been compiled for that device's target. */
  public Session newSession(String deviceSpec) {
    return Failures.call(() -> open(Cnnx.device(deviceSpec), BuildProgress.NONE));
  }

  /** Loads on {@code d}; when that fails and the caller named a fallback device, loads there instead. */
  private Session open(Device d, BuildProgress builds) {
    try {
      return new Session(this, d, Cnnx.registry().providerOf(d).load(artifact, d, builds), fallbackFrom);
    } catch (RuntimeException e) {
      RuntimeException t = Failures.translate(e);
      if (options == null || options.fallback() == null || model == null
          || t instanceof CnnxException c && c.kind() == CnnxException.Kind.INVALID) {
        throw t;
      }
      Device f = Cnnx.device(options.fallback());
      var exec = Cnnx.registry().providerOf(f).load(model.prepare(f, options), f);
      return new Session(this, f, exec, d.id() + ": " + e.getMessage());
    }
  }

  /**
   * The performance model's predicted time per launch and in total on the device this was compiled for (for
   * {@code bench --predict} and placement). Needs the model (not a plan loaded from a file) and a device here.
   */
  public Prediction predict() {
    return Failures.call(() -> {
      if (model == null || device == null) {
        throw new CnnxException(CnnxException.Kind.INVALID, "prediction needs the model and a device it was compiled"
            + " for here");
      }
      return Placements.predict(model, device.id(), options, 0);
    });
  }

  Model model() {
    return model;
  }

  CompileOptions options() {
    return options;
  }
}
