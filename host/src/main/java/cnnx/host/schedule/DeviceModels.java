package cnnx.host.schedule;

import cnnx.boards.Target;
import cnnx.boards.TargetPresets;
import cnnx.boards.fpga.FpgaBoard;
import cnnx.boards.fpga.FpgaBoards;
import cnnx.boards.fpga.Precision;
import cnnx.compiler.Compiler;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.schedule.DeviceModel;
import cnnx.compiler.schedule.FamilyEfficiency;
import cnnx.compiler.schedule.FpgaEngineDevice;
import cnnx.compiler.schedule.LaunchWork;
import cnnx.compiler.schedule.LaunchWorks;
import cnnx.compiler.schedule.RooflineModel;
import cnnx.host.device.Device;
import cnnx.host.device.DeviceProvider;
import cnnx.host.device.DeviceRegistry;
import cnnx.host.device.Executable;
import cnnx.host.device.PlanArtifact;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the model of each device named for placement: a live device's calibrated target with its kernel
 * families' measured efficiency (measured on this model's launches when the store lacks a family or knows it
 * only from much smaller launches, then merged into what the store keeps, each model weighted by its launches),
 * a GPU/CPU preset's published figures, an FPGA board's best conv engine for this model, the reference's
 * plain-Java rates.
 */
public final class DeviceModels {
  /** Timing runs per launch when measuring efficiency (the median is kept). */
  static final int PROFILE_RUNS = 5;

  private final DeviceRegistry registry;
  private final EfficiencyStore store;

  public DeviceModels(DeviceRegistry registry, EfficiencyStore store) {
    this.registry = registry;
    this.store = store;
  }

  public DeviceRegistry registry() {
    return registry;
  }

  /** Whether a name is a preset (GPU, CPU or FPGA board) rather than a device spec. */
  public static boolean isPreset(String name) {
    return TargetPresets.find(name).isPresent() || FpgaBoards.find(name).isPresent();
  }

  /** The target the launches are derived from: the first live device's, else the first GPU/CPU preset's. */
  public Target compileTarget(List<String> names) {
    for (String n : names) {
      if (!isPreset(n)) {
        Optional<Target> t = registry.resolve(n).target();
        if (t.isPresent()) {
          return t.get();
        }
      }
    }
    return names.stream().flatMap(n -> TargetPresets.find(n).stream()).findFirst().orElse(Compiler.GENERIC_CPU);
  }

  /**
   * The model of one named device for these launches. {@code model} and {@code options} are what a live device
   * is measured on when its efficiency is not yet known (or {@code remeasure}).
   */
  public PlacedDevice model(String name, List<LaunchWork> launches, Graph model, Compiler.Options options,
      boolean remeasure) {
    Optional<Target> preset = TargetPresets.find(name);
    if (preset.isPresent()) {
      return new PlacedDevice(RooflineModel.of(preset.get(), FamilyEfficiency.unmeasured(), false),
          Optional.empty());
    }
    Optional<FpgaBoard> board = FpgaBoards.find(name);
    if (board.isPresent()) {
      // cnnx computes in fp32; an engine at another precision would change the results.
      DeviceModel m = FpgaEngineDevice.forLaunches(board.get(), launches, Precision.FP32)
          .orElseThrow(() -> new UnsupportedModelException(name + ": no conv engine fits the board for this model"));
      return new PlacedDevice(m, Optional.empty());
    }
    Device d = registry.resolve(name);
    DeviceProvider provider = registry.providerOf(d);
    Optional<Target> calibrated = provider.calibrate(d);
    if (calibrated.isEmpty()) {
      return new PlacedDevice(new ReferenceModel(d.id()), Optional.of(d));
    }
    Target t = calibrated.get();
    FamilyEfficiency eff = efficiency(d, provider, t, model, options, remeasure);
    return new PlacedDevice(RooflineModel.of(t, eff, true), Optional.of(d));
  }

  /**
   * Fits the families of these measured launches (index-aligned with {@code seconds}, a run's median wall time
   * beside them) and stores the figures over the device's earlier ones: a family first measured on another
   * model's atypical launches (a 3-channel conv, say) is corrected once a user measures this one.
   *
   * @return the families re-fitted, and where they are kept
   */
  public FamilyEfficiency refit(Device d, List<LaunchWork> works, double[] seconds, double runSeconds) {
    Optional<Target> calibrated = registry.providerOf(d).calibrate(d);
    if (calibrated.isEmpty()) {
      return FamilyEfficiency.unmeasured();
    }
    Map<String, Double> fit = EfficiencyFit.fit(works, seconds, calibrated.get());
    fit.put(FamilyEfficiency.DISPATCH, LaunchProfiler.dispatchSeconds(runSeconds, seconds));
    store.merge(calibrated.get(), fit);
    return new FamilyEfficiency(fit, "re-fitted from these runs, kept in " + store.fileFor(calibrated.get()));
  }

  /** The device's stored efficiencies, measuring the families this model needs that are missing. */
  FamilyEfficiency efficiency(Device d, DeviceProvider provider, Target calibrated, Graph model,
      Compiler.Options options, boolean remeasure) {
    Optional<FamilyEfficiency> known = store.get(calibrated);
    Compiler.Compiled c = new Compiler().compile(model, d.target().orElseThrow(),
        TuningStore.applyTo(d.target().orElseThrow(), options));
    List<LaunchWork> works = LaunchWorks.of(c.graph(), c.plan());
    // Load-time launches are not timed by a run: their families are never measured.
    Map<String, Double> bounds = new java.util.HashMap<>();
    works.stream().filter(w -> !c.plan().isLoadTime(w.index()))
        .forEach(w -> bounds.merge(w.family(), cnnx.compiler.schedule.Roofline.boundSeconds(w, calibrated), Double::sum));
    if (!remeasure && known.isPresent() && known.get().measured(FamilyEfficiency.DISPATCH)
        && bounds.entrySet().stream().allMatch(e -> settled(known.get(), e.getKey(), e.getValue()))) {
      return known.get();
    }
    try (Executable exec = provider.load(new PlanArtifact(c.plan()), d)) {
      double[] seconds = LaunchProfiler.medianSeconds(exec, SampleInputs.of(c.plan().inputSpecs(), 1), PROFILE_RUNS)
          .orElse(null);
      if (seconds == null) {
        return known.orElse(FamilyEfficiency.unmeasured());
      }
      Map<String, Double> fit = EfficiencyFit.fit(works, seconds, calibrated);
      var inputs = SampleInputs.of(c.plan().inputSpecs(), 1);
      // the median run against the median launches: the shortest run against typical launches came out below
      // their sum whenever the machine ran slower than at its best, and the gap then fitted as zero
      fit.put(FamilyEfficiency.DISPATCH, LaunchProfiler.dispatchSeconds(
          LaunchProfiler.medianRunSeconds(exec, inputs, 3 * PROFILE_RUNS), seconds));
      if (!remeasure && known.isPresent()) {
        fit = EfficiencyFit.merge(known.get(), fit); // what other models measured keeps its weight
      }
      return store.merge(calibrated, fit);
    }
  }

  /**
   * Whether a family's stored figures stand for this model's launches of it: fitted on launches of at least a
   * quarter of the roofline seconds this model gives the family. Figures from a few tiny launches (a test model's)
   * predicted ResNet-18's and Inception-v2's 3x3 convs 10-20x too slow.
   */
  static boolean settled(FamilyEfficiency known, String family, double boundSeconds) {
    return known.measured(family) && known.weight(family) * SETTLED_RATIO >= boundSeconds;
  }

  /** How many times the roofline seconds a family's figures were fitted on a model may give it unmeasured. */
  static final double SETTLED_RATIO = 4;
}
