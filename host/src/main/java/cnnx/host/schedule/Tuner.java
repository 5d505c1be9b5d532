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
 * the fastest per layer key in the device's {@link TuningStore} table. The first trial compiles the rules' plan; then
 * for each variant number {@code v} two trials compile the model with variant {@code v} on every other layer that
 * offers one ({@link Tuning#trial(int, int)}), the rest in their rules' variant. Each trial's outputs are checked
 * against the reference interpreter's before any of its times count. A layer is timed over a window ({@link #windows}:
 * its launches, the untuned launches after it and the next tuned layer's), each trial right after the rules' plan
 * ({@link #pair}). A variant replaces the rules' choice only when it measured at least
 * {@link #MARGIN} faster, summed over the layers sharing its key. The tuned plan is checked against the reference again
 * and timed against the rules' plan in alternating rounds; its table is kept only when the whole plan measured faster
 * ({@link #faster}): a layer's variant can still slow layers further on, and a machine's speed wanders.
 */
public final class Tuner {
  /** How much faster a variant must measure to replace the rules' choice: less is within launch-time noise. */
  public static final double MARGIN = 0.10;
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
    Compiler.Compiled rules = new Compiler().compile(model, target, options.withTasks(false).withTuning(Tuning.trial(0)));
    List<Tuning.Offer> offers = rules.tuned();
    int most = offers.stream().mapToInt(o -> o.variants().size()).max().orElse(0);
    if (most == 0) {
      return new Result(device.id(), List.of(), 0, 0, Double.NaN, Double.NaN, List.of(), null,
          "no layer of this model has kernel variants to choose from");
    }
    List<int[]> specs = new ArrayList<>(); // {variant, parity}: the rules' plan, then each variant on every other layer
    specs.add(new int[] {0, -1});
    for (int v = 1; v < most; v++) {
      specs.add(new int[] {v, 0});
      specs.add(new int[] {v, 1});
    }
    int trials = specs.size();
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
    int run = 0;
    Executable baseExec = provider.load(new PlanArtifact(rules.plan()), device);
    try {
      progress.accept("trial 1 of " + trials + ": the rules' variants, built and checked against the reference");
      run++;
      String baseMismatch = mismatch(expected, baseExec.run(inputs).outputs());
      if (baseMismatch != null) {
        refused.add("trial 1 (the rules' variants): " + baseMismatch);
      } else {
        Trial base = new Trial(0, rules, baseExec, new ArrayList<>());
        List<double[]> baseWindows = new ArrayList<>();
        List<Trial> timed = new ArrayList<>();
        for (int i = 1; i < trials && (System.nanoTime() - start) / 1e9 <= maxSeconds; i++) {
          int[] spec = specs.get(i);
          progress.accept("trial " + (i + 1) + " of " + trials + ": variant " + (spec[0] + 1) + " of every other layer ("
              + (spec[1] == 0 ? "1st, 3rd, ..." : "2nd, 4th, ...") + "), built, checked against the reference and"
              + " timed beside the rules' plan");
          run++;
          Compiler.Compiled c = new Compiler().compile(model, target, options.withTasks(false).withTuning(Tuning.trial(spec[0], spec[1])));
          try (Executable exec = provider.load(new PlanArtifact(c.plan()), device)) {
            String mismatch = mismatch(expected, exec.run(inputs).outputs());
            if (mismatch != null) {
              refused.add("trial " + (i + 1) + " (variant " + (spec[0] + 1) + "): " + mismatch);
              continue;
            }
            Trial t = new Trial(spec[0], c, exec, new ArrayList<>());
            pair(base, t, baseWindows, inputs, runs, device);
            timed.add(t); // its executable is closed now; its ratios stay
          }
        }
        if (baseWindows.isEmpty()) { // no other trial ran: the rules' plan alone
          pair(base, base, baseWindows, inputs, runs, device);
        }
        double[] rulesWindows = medianOf(baseWindows);
        for (int k = 0; k < offers.size(); k++) {
          add(ms, offers.get(k).key(), 0, rulesWindows[k]);
        }
        timed.forEach(t -> record(t, rulesWindows, ms));
      }
    } finally {
      baseExec.close();
    }

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
    if (layers.stream().allMatch(l -> Double.isNaN(l.rules().ms()))) {
      notKept = "the rules' plan was not timed (its outputs did not match the reference): nothing to compare with";
    } else if (!changes) {
      notKept = "the rules' variants measured fastest (or within " + Math.round(MARGIN * 100) + "%) everywhere";
    } else {
      Compiler.Compiled tuned = new Compiler().compile(model, target, options.withTasks(false).withTuning(Tuning.of(choices)));
      try (Executable a = provider.load(new PlanArtifact(rules.plan()), device);
          Executable b = provider.load(new PlanArtifact(tuned.plan()), device)) {
        String mismatch = mismatch(expected, b.run(inputs).outputs());
        if (mismatch != null) {
          refused.add("the tuned plan: " + mismatch + "; its table was not kept");
        } else {
          progress.accept("the rules' plan against the tuned plan, alternating");
          double[] ra = new double[CHECK_ROUNDS];
          double[] rb = new double[CHECK_ROUNDS];
          for (int r = 0; r < CHECK_ROUNDS; r++) {
            ra[r] = deviceMs(a, inputs, runs);
            rb[r] = deviceMs(b, inputs, runs);
          }
          boolean faster = faster(ra, rb);
          Arrays.sort(ra);
          Arrays.sort(rb);
          rulesMs = ra[CHECK_ROUNDS / 2];
          tunedMs = rb[CHECK_ROUNDS / 2];
          if (faster) {
            try {
              kept = store.merge(target, choices);
            } catch (IOException e) {
              notKept = "the table could not be written to " + store.fileFor(target) + ": " + e.getMessage();
            }
          } else {
            notKept = "the tuned plan did not measure at least " + Math.round(MARGIN * 20) + "% faster than the rules'"
                + " plan in the median and in " + (CHECK_ROUNDS - 1) + " of " + CHECK_ROUNDS + " alternating rounds";
          }
        }
      }
    }
    return new Result(device.id(), layers, trials, run, rulesMs, tunedMs, refused, kept, kept == null && notKept == null
        ? "the tuned plan was refused" : kept == null ? notKept : "");
  }

  /**
   * Times trial {@code t} right after the rules' plan {@code base} in {@link #ROUNDS} rounds; adds the rules' windows
   * to {@code baseWindows} and each round's ratios of {@code t}'s windows to them to {@code t.rounds()}. Paired so, a
   * minute in which the machine runs slower (by a third, at times, on a shared 2-core machine) falls on both sides of
   * each ratio instead of on whichever trial it met; and only two plans are held at once, however many trials.
   */
  private static void pair(Trial base, Trial t, List<double[]> baseWindows, Map<String, Tensor> inputs, int runs,
      Device device) {
    List<String> heads = base.compiled().tuned().stream().map(o -> o.onnxNodes().get(0)).toList();
    int rounds = Math.min(ROUNDS, runs);
    int per = Math.max(1, runs / rounds);
    for (int r = 0; r < rounds; r++) {
      double[] b = windows(base.compiled().plan(), times(base, inputs, per, device), heads);
      baseWindows.add(b);
      if (t == base) {
        continue;
      }
      double[] w = windows(t.compiled().plan(), times(t, inputs, per, device), heads);
      double[] ratio = new double[w.length];
      for (int k = 0; k < w.length; k++) {
        ratio[k] = w[k] / b[k];
      }
      t.rounds().add(ratio);
    }
  }

  /**
   * Adds a trial's layers to {@code ms}: each layer it changed at the rules' window (the median over every pairing)
   * times the median of its paired ratios.
   */
  private static void record(Trial t, double[] rulesWindows, Map<String, double[]> ms) {
    double[] ratio = medianOf(t.rounds());
    List<Tuning.Offer> tried = t.compiled().tuned();
    for (int k = 0; k < tried.size() && k < rulesWindows.length; k++) {
      if (tried.get(k).chosen() == t.variant()) { // a trial times only the layers it changed
        add(ms, tried.get(k).key(), t.variant(), rulesWindows[k] * ratio[k]);
      }
    }
  }

  private static double[] times(Trial t, Map<String, Tensor> inputs, int runs, Device device) {
    return LaunchProfiler.medianSeconds(t.exec(), inputs, runs).orElseThrow(() ->
        new cnnx.compiler.error.UnsupportedModelException(device.id() + " does not time single launches"));
  }

  /** Adds {@code seconds} to a key's variant (NaN, never measured, stays NaN). */
  private static void add(Map<String, double[]> ms, String key, int variant, double seconds) {
    if (Double.isNaN(seconds)) {
      return;
    }
    double[] row = ms.get(key);
    row[variant] = (Double.isNaN(row[variant]) ? 0 : row[variant]) + seconds * 1e3;
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
   * Each tuned layer's window, in the order of {@code heads} (each layer's first ONNX node): its own launches (with
   * the helpers before them that name no node, such as Winograd's transforms), the launches of untuned nodes after
   * it, and the next tuned layer's own launches, which a trial leaves in their rules' variant. So what a variant
   * does to the launches that read its output (whose data it left in other caches, or pushed out with its scratch)
   * is counted to it. NaN for a layer that launched nothing. Load-time launches are not runs' time.
   */
  static double[] windows(Plan plan, double[] seconds, List<String> heads) {
    Map<String, Integer> at = new java.util.HashMap<>();
    for (int k = 0; k < heads.size(); k++) {
      at.putIfAbsent(heads.get(k), k);
    }
    double[] own = new double[heads.size()];
    double[] segment = new double[heads.size()];
    boolean[] seen = new boolean[heads.size()];
    int current = -1;
    double pending = 0;
    for (int i = plan.loadLaunches(); i < plan.launches().size(); i++) {
      List<String> n = plan.launches().get(i).onnxNodes();
      if (n.isEmpty()) {
        pending += seconds[i];
        continue;
      }
      double t = seconds[i] + pending;
      pending = 0;
      Integer h = n.stream().filter(at::containsKey).findFirst().map(at::get).orElse(null);
      if (h != null) {
        current = h;
        seen[h] = true;
        own[h] += t;
        segment[h] += t;
      } else if (current >= 0) {
        segment[current] += t;
      }
    }
    double[] window = new double[heads.size()];
    for (int k = 0; k < heads.size(); k++) {
      window[k] = !seen[k] ? Double.NaN : segment[k] + (k + 1 < heads.size() ? own[k + 1] : 0);
    }
    return window;
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

  /** Paired rounds per trial (the rules' plan, then the trial); each takes runs / rounds timed runs of both. */
  static final int ROUNDS = 3;

  /** Alternating rounds of the rules' plan against the tuned plan. */
  static final int CHECK_ROUNDS = 5;

  /**
   * Whether the tuned plan's device times {@code tuned} beat the rules' {@code rules} (paired rounds, alternating):
   * its median at least a fifth of {@link #MARGIN} lower, and lower in all rounds but one. On a machine whose speed
   * wanders by a third within minutes, a median alone kept tables that were no faster.
   */
  static boolean faster(double[] rules, double[] tuned) {
    int wins = 0;
    for (int r = 0; r < rules.length; r++) {
      wins += tuned[r] < rules[r] ? 1 : 0;
    }
    double[] a = rules.clone();
    double[] b = tuned.clone();
    Arrays.sort(a);
    Arrays.sort(b);
    return wins >= rules.length - 1 && b[b.length / 2] < a[a.length / 2] * (1 - MARGIN / 5);
  }

  private record Trial(int variant, Compiler.Compiled compiled, Executable exec, List<double[]> rounds) {}

  /** Element by element, the median over rounds. */
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
