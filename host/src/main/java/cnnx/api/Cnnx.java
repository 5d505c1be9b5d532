package cnnx.api;

import cnnx.boards.Target;
import cnnx.boards.TargetPresets;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.host.device.Device;
import cnnx.host.device.DeviceProvider;
import cnnx.host.device.DeviceRegistry;
import cnnx.host.device.PlanArtifact;
import cnnx.kernels.plan.PlanFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where the API starts: load a model ({@link #load}) or a saved plan ({@link #loadPlan}), list devices and
 * target presets.
 *
 * <pre>{@code
 * Model model = Cnnx.load(Path.of("resnet18.onnx"));
 * CompiledModel compiled = model.compile(CompileOptions.forDevice("opencl").withBatch(1));
 * try (Session session = compiled.newSession()) {
 *   Result r = session.run(Map.of("input", Tensor.ofFloats(new int[] {1, 3, 224, 224}, pixels)));
 *   float[] scores = r.output(0).floats();
 * }
 * }</pre>
 */
public final class Cnnx {
  private static volatile DeviceRegistry registry;

  private Cnnx() {}

  /** Imports an ONNX model file: checked, canonicalised, typed. */
  public static Model load(Path file) {
    return load(file, LoadOptions.strict());
  }

  /**
   * As {@link #load(Path)}; with {@link LoadOptions#allowingNewerVersions()} an IR version or opset newer than cnnx
   * knows is loaded instead of refused (UNSUPPORTED), and the waived check is recorded in
   * {@link Model#waivedChecks()} and in every run's provenance.
   */
  public static Model load(Path file, LoadOptions options) {
    return Failures.call(() -> {
      List<String> waived = new ArrayList<>();
      OnnxImporter importer = options.allowNewerVersions() ? new OnnxImporter().allowingNewerVersions(waived::add)
          : new OnnxImporter();
      // the file's hash (provenance) on another core while this one parses: ~60 ms of a 45 MB model's warm start
      CompletableFuture<String> hash = CompletableFuture.supplyAsync(() -> Sha256.of(file));
      Graph graph = importer.load(file);
      return new Model(graph, file.toString(), hash.join(), waived, importer.externalFilesRead());
    });
  }

  /** Imports an ONNX model from bytes; {@code name} is used in messages. */
  public static Model load(byte[] bytes, String name) {
    return Failures.call(() -> new Model(new OnnxImporter().load(bytes, name), name, Sha256.of(bytes)));
  }

  /** Reads a plan saved by {@link CompiledModel#save}: no ONNX file and no compiler work needed to run it. */
  public static CompiledModel loadPlan(Path file) {
    return Failures.call(() -> new CompiledModel(null, null, new PlanArtifact(PlanFile.read(file)), null));
  }

  /** Whether a file is a saved plan (rather than an ONNX model), from its first bytes. */
  public static boolean isPlan(Path file) {
    return PlanFile.looksLikePlan(file);
  }

  /**
   * Starts discovering this machine's devices on a background thread and returns at once, so that the driver's
   * start-up (an OpenCL platform takes tens of milliseconds to open) overlaps loading a model; the compile that
   * follows uses the result. Any failure is left for that compile to report.
   */
  public static void discoverDevicesInBackground() {
    if (registry != null) {
      return;
    }
    Thread t = new Thread(() -> {
      try {
        registry();
      } catch (RuntimeException | LinkageError e) {
        // the next registry() call meets the same problem and reports it
      }
    }, "cnnx-device-discovery");
    t.setDaemon(true);
    t.start();
  }

  /** The devices of this machine, reference first. */
  public static List<DeviceInfo> devices() {
    List<DeviceInfo> out = new ArrayList<>();
    for (DeviceProvider p : registry().providers()) {
      for (Device d : p.devices()) {
        out.add(DeviceInfo.of(d));
      }
    }
    return out;
  }

  /** Why a kind of device offers nothing here ("opencl: no OpenCL platform is installed"). */
  public static List<String> unavailableDevices() {
    List<String> out = new ArrayList<>();
    for (DeviceProvider p : registry().providers()) {
      p.unavailableReason().ifPresent(r -> out.add(p.kind() + ": " + r));
    }
    return out;
  }

  /**
   * A device's compile target with its peak fp32 rate and memory bandwidth measured by a short micro-benchmark
   * (cached per device and driver, so only the first call measures).
   */
  public static TargetInfo calibrate(String device) {
    return Failures.named(() -> {
      Device d = registry().resolve(device);
      return registry().providerOf(d).calibrate(d).map(TargetInfo::of).orElseThrow(() -> new CnnxException(
          CnnxException.Kind.UNSUPPORTED, d.id() + " runs models directly: there is no target to calibrate"));
    });
  }

  /** Target presets for hardware that need not be here. */
  public static List<TargetInfo> targets() {
    return TargetPresets.all().stream().map(TargetInfo::of).toList();
  }

  /** Every preset: GPUs and CPUs (compile targets) and FPGA boards (with their published resources). */
  public static List<BoardInfo> boards() {
    List<BoardInfo> out = new java.util.ArrayList<>();
    TargetPresets.all().forEach(t -> out.add(new BoardInfo(t.id(), t.kind().name(), t.summary(), "")));
    cnnx.boards.fpga.FpgaBoards.all().forEach(b -> out.add(new BoardInfo(b.id(), b.target().kind().name(),
        b.target().summary(), b.resources().summary())));
    return out;
  }

  static DeviceRegistry registry() {
    DeviceRegistry r = registry;
    if (r == null) {
      synchronized (Cnnx.class) {
        if (registry == null) {
          registry = DeviceRegistry.discover();
        }
        r = registry;
      }
    }
    return r;
  }

  /** The device a spec names, as an API failure when it is malformed (INVALID) or missing (DEVICE). */
  static Device device(String spec) {
    return Failures.named(() -> registry().resolve(spec));
  }

  static Target preset(String id) {
    return Failures.named(() -> TargetPresets.get(id));
  }
}
