package cnnx.host.schedule;

import cnnx.boards.Target;
import cnnx.compiler.Compiler;
import cnnx.compiler.codegen.Tuning;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.verify.TensorComparison;
import cnnx.compiler.verify.Tolerance;
import cnnx.host.device.Device;
import cnnx.host.device.DeviceProvider;
import cnnx.host.device.DeviceRegistry;
import cnnx.host.device.Executable;
import cnnx.host.device.PlanArtifact;
import cnnx.kernels.plan.Plan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A small auto-tuner: measures every kernel variant the lowerings offer for a model's layers on one device and keeps
 * the fastest per layer key in the device's {@link TuningStore} table. Trial {@code i} compiles the model with every
 * layer's variant {@code i} ({@link Tuning#trial}), checks the plan's outputs against the reference interpreter's, and
 * times each launch (median of several runs); a layer's time is that of its launches, with the untimed helpers of a
 * multi-launch variant (Winograd's transforms) counted to the layer they serve. A variant replaces the rules' choice
 * only when it measured at least {@link #MARGIN} faster, summed over the layers sharing its key, and only from trials
 * whose outputs matched. Trials are timed in rounds over all of them in turn, so that whatever slows the machine
 * for a while falls on each alike. The tuned plan is checked against the reference again and timed against the
 * rules' plan in alternating rounds; its table is kept only when the whole plan measured at least a fifth of
 * {@link #MARGIN} faster (a layer's variant can slow its neighbours: Winograd's scratch tiles leave less of the
 * caches to the next layer's inputs).
 */
public final class Tuner {
  /** How much faster a variant must measure to replace the rules' choice: less is within launch-time noise. */
  public static final double MARGIN = 0.05;
  private static final Tolerance CHECK = new Tolerance(1e-3, 1e-4);

  /** One variant of a layer key: its measured time over the key's layers (NaN: not measured or not verified). */
  public record Variant(String name, double ms) {}

  /** A layer key, the ONNX nodes of its layers in this model, its variants (the rules' first) and the choice. */
  public record Layer(String key, List<String> onnxNodes, List<Variant> variants, String chosen) {
    public Layer {
      onnxNodes = List.copyOf(onnxNodes);
      variants = List.copyOf(variants);
    }

    public Variant rules() {
      return variants.get(0);
    }

    public Variant best() {
      return variants.stream().filter(v -> v.name().equals(chosen)).findFirst().orElseThrow();
    }
  }

  /**
   * What a tuning found.
   *
   * @param trials the trials the layers ask for; {@code trialsRun} how many ran within the time allowed
   * @param rulesDeviceMs the rules' plan's device time per run (sum of its launches' medians), {@code tunedDeviceMs}
   *     the tuned plan's, measured in alternating rounds; NaN when nothing changed or the tuned plan was refused
   * @param refused trials (and the tuned plan) whose outputs did not match the reference, and why
   * @param table where the table was kept, or null when it was not ({@code note} says why)
   */
  public record Result(String device, List<Layer> layers, int trials, int trialsRun, double rulesDeviceMs,
      double tunedDeviceMs, List<String> refused, Path table, String note) {
    public Result {
      layers = List.copyOf(layers);
      refused = List.copyOf(refused);
    }

    /** The keys whose choice differs from the rules'. */
    public long changed() {
      return layers.stream().filter(l -> !l.chosen().equals(l.rules().name())).count();
    }
  }

  private final DeviceRegistry registry;
  private final TuningStore store;

  public Tuner(DeviceRegistry registry, TuningStore store) {
    this.registry = registry;
    this.store = store;
  }

  /**
   * Tunes {@code model} (compiled with {@code options}) on {@code device}, timing each trial over {@code runs}
   * runs; trials stop starting once {@code maxSeconds} have passed.
   */
  public Result tune(Graph model, Device device, Compiler.Options options, int runs, double maxSeconds,
      Consumer<String> progress) {
    Target target = device.target().orElseThrow(() -> new cnnx.compiler.error.UnsupportedModelException(
        device.id() + " runs no compiled plans: there are no kernel variants to tune on it"));
    DeviceProvider provider = registry.providerOf(device);
    long start = System.nanoTime();
    Compiler.Compiled rules = new Compiler().compile(model, target, options.withTuning(Tuning.trial(0)));
    List<Tuning.Offer> offers = rules.tuned();
    int trials = offers.stream().mapToInt(o -> o.variants().size()).max().orElse(0);
    if (trials == 0) {
      return new Result(device.id(), List.of(), 0, 0, Double.NaN, Double.NaN, List.of(), null,
          "no layer of this model has kernel variants to choose from");
    }
    Map<String, Tensor> inputs = SampleInputs.of(rules.plan().inputSpecs(), 11);
    progress.accept("reference outputs on " + inputs.keySet());
    Map<String, Tensor> expected = referenceOutputs(model, options, inputs);

    // per key, per variant index: summed milliseconds (NaN until measured on verified outputs)
    Map<String, double[]> ms = new LinkedHashMap<>();
    Map<String, List<String>> variants = new LinkedHashMap<>();
    Map<String, List<String>> nodes = new LinkedHashMap<>();
    for (Tuning.Offer o : offers) {
      variants.putIfAbsent(o.key(), o.variants());
      ms.computeIfAbsent(o.key(), k -> filled(o.variants().size()));
      nodes.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(o.onnxNodes().get(0));
    }
    List<String> refused = new ArrayList<>();
    System.gc(); // the reference's garbage is collected now, not by collector threads while trials are timed
    List<Trial> loaded = new ArrayList<>();
    try {
      for (int i = 0; i < trials; i++) {
        if (i > 0 && (System.nanoTime() - start) / 1e9 > maxSeconds) {
          break;
        }
        progress.accept("trial " + (i + 1) + " of " + trials + ": every layer's variant " + (i + 1) + ", built and"
            + " checked against the reference");
        Compiler.Compiled c = i == 0 ? rules
            : new Compiler().compile(model, target, options.withTuning(Tuning.trial(i)));
        Executable exec = provider.load(new PlanArtifact(c.plan()), device);
        String mismatch = mismatch(expected, exec.run(inputs).outputs());
        if (mismatch != null) {
          exec.close();
          refused.add("trial " + (i + 1) + ": " + mismatch);
          continue;
        }
        loaded.add(new Trial(i, c, exec, new ArrayList<>()));
      }
      // Rounds over all trials in turn: whatever else slows the machine for a while falls on every trial alike.
      int rounds = Math.min(ROUNDS, runs);
      for (int r = 0; r < rounds; r++) {
        progress.accept("timing round " + (r + 1) + " of " + rounds + " over " + loaded.size() + " trials");
        for (Trial t : loaded) {
          t.rounds().add(LaunchProfiler.medianSeconds(t.exec(), inputs, Math.max(1, runs / rounds)).orElseThrow(() ->
              new cnnx.compiler.error.UnsupportedModelException(device.id() + " does not time single launches")));
        }
      }
      for (Trial t : loaded) {
        double[] seconds = medianOf(t.rounds());
        Map<String, Double> perLayer = layerSeconds(t.compiled().plan(), seconds,
            t.compiled().tuned().stream().map(o -> o.onnxNodes().get(0)).collect(java.util.stream.Collectors.toSet()));
        for (Tuning.Offer o : t.compiled().tuned()) {
          Double sec = perLayer.get(o.onnxNodes().get(0));
          if (sec != null && o.chosen() == t.index()) { // layers with fewer variants ran their rules' choice again
            double[] row = ms.get(o.key());
            row[t.index()] = (Double.isNaN(row[t.index()]) ? 0 : row[t.index()]) + sec * 1e3;
          }
        }
      }
    } finally {
      loaded.forEach(t -> t.exec().close());
    }
    int run = loaded.size() + refused.size();

    Map<String, String> choices = new LinkedHashMap<>();
    List<Layer> layers = new ArrayList<>();
    for (var e : ms.entrySet()) {
      List<String> names = variants.get(e.getKey());
      double[] row = e.getValue();
      int best = pick(row);
      List<Variant> vs = new ArrayList<>();
      for (int v = 0; v < row.length; v++) {
        vs.add(new Variant(names.get(v), row[v]));
      }
      if (!Double.isNaN(row[0])) {
        choices.put(e.getKey(), names.get(best));
      }
      layers.add(new Layer(e.getKey(), nodes.get(e.getKey()), vs, names.get(best)));
    }

    double rulesMs = Double.NaN;
    double tunedMs = Double.NaN;
    Path kept = null;
    String notKept = null;
    boolean changes = layers.stream().anyMatch(l -> !l.chosen().equals(l.rules().name()));
    if (!changes) {
      notKept = "the rules' variants measured fastest (or within " + Math.round(MARGIN * 100) + "%) everywhere";
    } else {
      Compiler.Compiled tuned = new Compiler().compile(model, target, options.withTuning(Tuning.of(choices)));
      try (Executable a = provider.load(new PlanArtifact(rules.plan()), device);
          Executable b = provider.load(new PlanArtifact(tuned.plan()), device)) {
        String mismatch = mismatch(expected, b.run(inputs).outputs());
        if (mismatch != null) {
          refused.add("the tuned plan: " + mismatch + "; its table was not kept");
        } else {
          progress.accept("the rules' plan against the tuned plan, alternating");
          double[] ra = new double[3];
          double[] rb = new double[3];
          for (int r = 0; r < 3; r++) {
            ra[r] = deviceMs(a, inputs, runs);
            rb[r] = deviceMs(b, inputs, runs);
          }
          Arrays.sort(ra);
          Arrays.sort(rb);
          rulesMs = ra[1];
          tunedMs = rb[1];
          if (tunedMs < rulesMs * (1 - MARGIN / 5)) {
            try {
              kept = store.merge(target, choices);
            } catch (IOException e) {
              refused.add("the table could not be written to " + store.fileFor(target) + ": " + e.getMessage());
            }
          } else {
            notKept = "the tuned plan measured less than " + Math.round(MARGIN * 20) + "% faster than the rules' plan"
                + " in alternating rounds";
          }
        }
      }
    }
    return new Result(device.id(), layers, trials, run, rulesMs, tunedMs, refused, kept, kept == null && notKept == null
        ? "the tuned plan was refused" : kept == null ? notKept : "");
  }

  private Map<String, Tensor> referenceOutputs(Graph model, Compiler.Options options, Map<String, Tensor> inputs) {
    Device ref = registry.resolve("reference");
    DeviceProvider p = registry.providerOf(ref);
    try (Executable e = p.load(p.prepare(model, ref, options), ref)) {
      return e.run(inputs).outputs();
    }
  }

  /** The first output outside the tolerance, described, or null when all match. */
  static String mismatch(Map<String, Tensor> expected, Map<String, Tensor> actual) {
    for (var e : expected.entrySet()) {
      TensorComparison c = TensorComparison.compare(e.getValue(), actual.get(e.getKey()), CHECK);
      if (!c.passed()) {
        return "output " + e.getKey() + " differs from the reference (" + (c.problem() != null ? c.problem()
            : "max abs error " + c.maxAbsError() + " at element " + c.firstFailure()) + ")";
      }
    }
    return null;
  }

  /**
   * Each tuned layer's seconds by its head node (the first ONNX node its lowering named): its launches' medians,
   * with launches that name no node (helpers of a multi-launch variant) counted to the next launch that does.
   * Load-time launches are not runs' time.
   */
  static Map<String, Double> layerSeconds(Plan plan, double[] seconds, java.util.Set<String> heads) {
    Map<String, Double> out = new LinkedHashMap<>();
    double pending = 0;
    for (int i = plan.loadLaunches(); i < plan.launches().size(); i++) {
      List<String> n = plan.launches().get(i).onnxNodes();
      if (n.isEmpty()) {
        pending += seconds[i];
        continue;
      }
      double t = seconds[i] + pending;
      pending = 0;
      n.stream().filter(heads::contains).findFirst().ifPresent(h -> out.merge(h, t, Double::sum));
    }
    return out;
  }

  private static double deviceMs(Executable e, Map<String, Tensor> inputs, int runs) {
    return Arrays.stream(LaunchProfiler.medianSeconds(e, inputs, runs).orElseThrow()).sum() * 1e3;
  }

  /**
   * The variant to keep from its times (the rules' first; NaN where not measured): the fastest, where it beat the
   * rules' by at least {@link #MARGIN}; else the rules'.
   */
  static int pick(double[] ms) {
    int best = 0;
    for (int v = 1; v < ms.length; v++) {
      if (!Double.isNaN(ms[v]) && !Double.isNaN(ms[0]) && ms[v] < ms[best] && ms[v] < ms[0] * (1 - MARGIN)) {
        best = v;
      }
    }
    return best;
  }

  /** Timing rounds over all trials; each round takes runs / rounds timed runs of each. */
  static final int ROUNDS = 3;

  private record Trial(int index, Compiler.Compiled compiled, Executable exec, List<double[]> rounds) {}

  /** Per launch, the median over rounds of its per-round medians. */
  private static double[] medianOf(List<double[]> rounds) {
    double[] out = new double[rounds.get(0).length];
    double[] v = new double[rounds.size()];
    for (int i = 0; i < out.length; i++) {
      for (int r = 0; r < v.length; r++) {
        v[r] = rounds.get(r)[i];
      }
      Arrays.sort(v);
      out[i] = v[v.length / 2];
    }
    return out;
  }

  private static double[] filled(int n) {
    double[] d = new double[n];
    Arrays.fill(d, Double.NaN);
    return d;
  }
}
