package cnnx.host.device.opencl;

import cnnx.boards.Target;
import cnnx.compiler.Compiler;
import cnnx.compiler.analysis.MemoryBudget;
import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.ir.Graph;
import cnnx.host.cl.Calibration;
import cnnx.host.cl.CalibrationCache;
import cnnx.host.cl.ClContext;
import cnnx.host.cl.DeviceException;
import cnnx.host.cl.Discovery;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.cl.OpenClPlatforms;
import cnnx.host.device.Artifact;
import cnnx.host.device.BuildProgress;
import cnnx.host.device.Device;
import cnnx.host.device.DeviceProvider;
import cnnx.host.device.DeviceSpec;
import cnnx.host.device.Executable;
import cnnx.host.device.PlanArtifact;
import cnnx.host.exec.OpenClExecutable;
import cnnx.kernels.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OpenCL devices: {@code opencl} (the first) and {@code opencl:N}. Models are compiled for the device's target
 * into a plan; a loaded plan gets its own context, its programs built through the kernel-binary cache.
 */
public final class OpenClProvider implements DeviceProvider {
  public static final String KIND = "opencl";

  private final Discovery discovery;
  private final List<OpenClDevice> devices;
  private final KernelBinaryCache cache;

  /** Discovers the OpenCL devices now (never throws) and caches binaries at the default location. */
  public OpenClProvider() {
    this(OpenClPlatforms.discover(), KernelBinaryCache.atDefaultLocation());
  }

  /** Over an existing discovery result (tests pass a made-up one). */
  public OpenClProvider(Discovery discovery, KernelBinaryCache cache) {
    this.discovery = discovery;
    this.cache = cache;
    List<OpenClDevice> found = new ArrayList<>();
    discovery.devices().forEach(info -> found.add(new OpenClDevice(info)));
    this.devices = List.copyOf(found);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String specForms() {
    return "opencl (the first OpenCL device), opencl:N";
  }

  @Override
  public int order() {
    return 10;
  }

  @Override
  public List<OpenClDevice> devices() {
    return devices;
  }

  @Override
  public Optional<String> unavailableReason() {
    return discovery.unavailableReason();
  }

  /** Problems met while looking, even if some devices were found. */
  public List<String> discoveryProblems() {
    return discovery.problems();
  }

  @Override
  public Device resolve(DeviceSpec spec) {
    if (devices.isEmpty()) {
      throw new DeviceException("device '" + spec + "' is not available: " + discovery.unavailableReason().orElseThrow());
    }
    int index = spec.index().orElse(0);
    if (index >= devices.size()) {
      throw new DeviceException("device '" + spec + "' does not exist; OpenCL devices here: "
          + devices.stream().map(d -> d.info().summary()).toList());
    }
    return devices.get(index);
  }

  @Override
  public Optional<Target> calibrate(Device device) {
    OpenClDevice d = own(device);
    try (ClContext context = ClContext.open(d.info())) {
      Calibration.Result r = CalibrationCache.atDefaultLocation().get(context);
      return Optional.of(d.target().orElseThrow().calibrated(r.fp32Gflops(), r.memoryGBps(), "calibrated: " + r.method()));
    }
  }

  @Override
  public Artifact prepare(Graph model, Device device, Compiler.Options options) {
    Target target = own(device).target().orElseThrow();
    Compiler.Compiled c = new Compiler().compile(model, target, cnnx.host.schedule.TuningStore.applyTo(target, options));
    return new PlanArtifact(c.plan(), c.timings(), options.memoryLimit());
  }

  @Override
  public Executable load(Artifact artifact, Device device) {
    return load(artifact, device, BuildProgress.NONE);
  }

  @Override
  public Executable load(Artifact artifact, Device device, BuildProgress progress) {
    OpenClDevice d = own(device);
    Plan plan = artifact.plan().orElseThrow(() -> new InvalidModelException(
        "an OpenCL device runs compiled plans, not " + artifact.describe()));
    Target target = d.target().orElseThrow();
    if (!plan.origin().targetFingerprint().equals(target.fingerprint())) {
      throw new InvalidModelException("the plan was compiled for " + plan.origin().targetId() + " (target "
          + plan.origin().targetFingerprint() + "), not for " + d.id() + " " + d.info().deviceName() + " (target "
          + target.fingerprint() + "); compile the model for this device");
    }
    ClContext context = ClContext.open(d.info());
    try {
      MemoryBudget limit = artifact instanceof PlanArtifact p ? p.memoryLimit() : null;
      return new OwnedContextExecutable(OpenClExecutable.load(context, plan, cache, progress, limit), context);
    } catch (RuntimeException e) {
      context.close();
      throw e;
    }
  }

  private static OpenClDevice own(Device device) {
    if (device instanceof OpenClDevice d) {
      return d;
    }
    throw new IllegalArgumentException(device.id() + " is not an OpenCL device");
  }
}
