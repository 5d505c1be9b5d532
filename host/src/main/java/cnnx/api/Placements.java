package cnnx.api;

import cnnx.compiler.schedule.DeviceModel;
import cnnx.compiler.schedule.Schedule;
import cnnx.compiler.schedule.ScheduleText;
import cnnx.host.device.Device;
import cnnx.host.device.Executable;
import cnnx.host.device.PlanArtifact;
import cnnx.host.schedule.DeviceModels;
import cnnx.host.schedule.EfficiencyStore;
import cnnx.host.schedule.LaunchProfiler;
import cnnx.host.schedule.PlacedDevice;
import cnnx.host.schedule.Planner;
import cnnx.host.schedule.SampleInputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The API's side of placement and prediction: runs the planner and turns its results into API records. */
final class Placements {
  private Placements() {}

  static DeviceModels models() {
    return new DeviceModels(Cnnx.registry(), EfficiencyStore.atDefaultLocation());
  }

  static PlacementReport place(Model model, List<String> devices, String objective, String fallback,
      CompileOptions options, boolean remeasure) {
    Schedule.Objective o = switch (objective.toLowerCase(Locale.ROOT)) {
      case "latency" -> Schedule.Objective.LATENCY;
      case "throughput" -> Schedule.Objective.THROUGHPUT;
      default -> throw new IllegalArgumentException("objective must be latency or throughput, not '" + objective
          + "'");
    };
    Planner.Planned p = new Planner(models()).plan(model.graph(), options.compilerOptions(),
        new Planner.Request(devices, o, fallback, remeasure));
    return report(p.schedule());
  }

  static PlacementReport report(Schedule s) {
    List<PlacedLaunch> rows = new ArrayList<>();
    for (Schedule.Step st : s.steps()) {
      rows.add(new PlacedLaunch(st.launch().index(), st.launch().kernel(), st.launch().onnxNodes(), st.device(),
          st.stage(), st.transferBytes(), st.transferSeconds() * 1e3, st.startSeconds() * 1e3,
          st.execSeconds() * 1e3, st.fallback()));
    }
    return new PlacementReport(s.objective().name().toLowerCase(Locale.ROOT), rows, s.totalSeconds() * 1e3,
        s.periodSeconds() * 1e3, ScheduleText.render(s, false), ScheduleText.render(s, true));
  }

  /** The model's prediction for one device; with {@code runs > 0} also each launch's measured median time. */
  static Prediction predict(Model model, String device, CompileOptions options, int runs) {
    Planner.Planned p = new Planner(models()).plan(model.graph(), options.compilerOptions(),
        new Planner.Request(List.of(device), Schedule.Objective.LATENCY, null, false));
    PlacedDevice placed = p.devices().values().iterator().next();
    DeviceModel m = placed.model();
    List<PlacedLaunch> rows = new ArrayList<>();
    double total = 0;
    int atLoad = p.compiled().plan().loadLaunches();
    for (var w : p.launches()) {
      double seconds = m.seconds(w).orElse(Double.NaN);
      if (rows.size() >= atLoad) {
        total += seconds * 1e3;
      }
      rows.add(new PlacedLaunch(w.index(), w.kernel(), w.onnxNodes(), m.id(), 0, 0, 0, 0,
          (seconds - m.dispatchSeconds()) * 1e3, false));
    }
    List<Double> measured = new ArrayList<>();
    double wallMs = 0;
    String refitted = "";
    if (runs > 0) {
      Device d = placed.device().orElseThrow(() -> new CnnxException(CnnxException.Kind.INVALID,
          device + " is not a device here: only live devices can be measured"));
      try (Executable exec = Cnnx.registry().providerOf(d).load(new PlanArtifact(p.compiled().plan()), d)) {
        double[] t = LaunchProfiler.medianSeconds(exec, SampleInputs.of(p.compiled().plan().inputSpecs(), 7), runs)
            .orElseThrow(() -> new CnnxException(CnnxException.Kind.UNSUPPORTED, d.id()
                + " does not time single launches"));
        for (double v : t) {
          measured.add(v * 1e3);
        }
        wallMs = LaunchProfiler.medianRunSeconds(exec, SampleInputs.of(p.compiled().plan().inputSpecs(), 7), runs)
            * 1e3;
        // the printed prediction stays the one made before measuring; later ones use this model's figures
        var fit = models().refit(d, p.launches(), t, wallMs / 1e3);
        String families = fit.byFamily().keySet().stream().filter(k -> !k.contains("@")).sorted()
            .collect(java.util.stream.Collectors.joining(", "));
        refitted = families.isEmpty() ? "" : families + " (" + fit.source() + ")";
      }
    }
    return new Prediction(m.id(), m.method(), rows, total, m.dispatchSeconds() * 1e3, measured, wallMs, atLoad,
        refitted);
  }
}
