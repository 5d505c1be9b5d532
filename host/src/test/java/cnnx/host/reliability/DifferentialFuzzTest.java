package cnnx.host.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.Compiler;
import cnnx.compiler.error.CnnxException;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.host.cl.ClContext;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.exec.OpenClExecutable;
import cnnx.host.testing.OpenClHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Structure-aware differential fuzzing: every model {@link ExtremeModels} makes runs on the
 * reference and on OpenCL (compiled for the input's shape, fused). A finding is a model where they
 * disagree: one answers and the other refuses, both refuse with different error types, outputs
 * differ (NaN and infinities exactly, the rest within 1e-3 relative plus the output's measured
 * {@link RoundingSensitivity}), or either escapes with
 * anything but a typed error. A refusal for memory is not one: each device has its own budget. CI runs a seeded slice; longer runs set {@code cnnx.fuzz.models}
 * and {@code cnnx.fuzz.firstSeed}. Findings are written to {@code target/fuzz-findings/} and
 * their seeds join {@link #REGRESSIONS}.
 */
class DifferentialFuzzTest {
  /** Seeds that once were findings; replayed on every run. */
  static final long[] REGRESSIONS = {
    119, // Conv with pads of 4e8 on a 2x1 input: a valid 1 GiB output; both sides ran out of heap
    680, // AveragePool of two lowest floats: the reference summed in double (-3.4e38), OpenCL in float (-inf)
  };

  private sealed interface Outcome permits Answer, Refusal {}

  private record Answer(Map<String, Tensor> outputs) implements Outcome {}

  private record Refusal(CnnxException error) implements Outcome {}

  @Test
  void referenceAndOpenClAgreeOnGeneratedModels() throws Exception {
    OpenClHarness.requireDevice();
    int models = Integer.getInteger("cnnx.fuzz.models", 12);
    long first = Long.getLong("cnnx.fuzz.firstSeed", 1);
    List<Long> seeds = new ArrayList<>();
    for (long s : REGRESSIONS) {
      seeds.add(s);
    }
    for (long s = first; s < first + models; s++) {
      seeds.add(s);
    }
    List<String> findings = new ArrayList<>();
    Map<String, Integer> outcomes = new TreeMap<>();
    long t0 = System.nanoTime();
    for (long seed : seeds) {
      ExtremeModels.Case c = ExtremeModels.generate(seed);
      String finding;
      try {
        finding = check(c, outcomes);
      } catch (Throwable e) {
        finding = escaped(e);
      }
      if (finding != null) {
        findings.add("seed " + seed + " (" + c.description() + "): " + finding);
        Path dir = Files.createDirectories(Path.of("target", "fuzz-findings"));
        Files.write(dir.resolve("seed-" + seed + ".onnx"), c.model());
      }
    }
    System.out.printf("differential fuzz: %d models (seeds %d..%d + %d regressions) in %.1f s; outcomes %s;"
        + " %d findings%n", models, first, first + models - 1, REGRESSIONS.length, (System.nanoTime() - t0) / 1e9,
        outcomes, findings.size());
    assertTrue(findings.isEmpty(), String.join("\n", findings));
  }

  /**
   * The JVM side alone, on many more models than the device can build kernels for: every generated model is
   * imported, run on the reference and compiled to a plan (no device). A finding is anything but a typed error
   * escaping, or the compiler calling a model invalid that the reference runs. {@code cnnx.fuzz.jvmModels}
   * (default 300) from {@code cnnx.fuzz.firstSeed}.
   */
  /** A finding for anything thrown that is not a typed error: what it was and where (eight frames). */
  static String escaped(Throwable e) {
    StackTraceElement[] at = e.getStackTrace();
    return "escaped: " + e + " at " + java.util.Arrays.asList(at).subList(0, Math.min(8, at.length));
  }

  @Test
  void referenceAndCompilerAgreeOnManyMoreGeneratedModels() {
    int models = Integer.getInteger("cnnx.fuzz.jvmModels", 300);
    long first = Long.getLong("cnnx.fuzz.firstSeed", 1);
    List<String> findings = new ArrayList<>();
    Map<String, Integer> outcomes = new TreeMap<>();
    long t0 = System.nanoTime();
    for (long seed = first; seed < first + models; seed++) {
      ExtremeModels.Case c = ExtremeModels.generate(seed);
      String finding;
      try {
        finding = checkCompiler(c, outcomes);
      } catch (Throwable e) {
        finding = escaped(e);
      }
      if (finding != null) {
        findings.add("seed " + seed + " (" + c.description() + "): " + finding);
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("reference and compiler: %d models (seeds %d..%d) in %.1f s (%.0f models/s); outcomes %s;"
        + " %d findings%n", models, first, first + models - 1, seconds, models / seconds, outcomes, findings.size());
    assertTrue(findings.isEmpty(), String.join("\n", findings));
  }

  /** Null when the reference and the compiler agree, else what differs. */
  private static String checkCompiler(ExtremeModels.Case c, Map<String, Integer> outcomes) {
    Graph g;
    try {
      g = new OnnxImporter().load(c.model(), "fuzz.onnx");
    } catch (CnnxException e) {
      outcomes.merge("refused at import", 1, Integer::sum);
      return null;
    }
    Outcome ref = reference(g, c.inputs());
    Map<String, int[]> shapes = new TreeMap<>();
    c.inputs().forEach((k, v) -> shapes.put(k, v.shape()));
    try {
      new Compiler().compile(g, Compiler.Options.defaults().withInputShapes(shapes));
    } catch (CnnxException e) {
      boolean answered = ref instanceof Answer;
      outcomes.merge(answered ? "reference answered, compiler refused" : "both refused", 1, Integer::sum);
      return answered && !(e instanceof UnsupportedModelException) && !overBudget(new Refusal(e))
          ? "the reference runs it but the compiler says: " + e.getMessage() : null;
    }
    outcomes.merge(ref instanceof Answer ? "both answered" : "reference refused, compiled", 1, Integer::sum);
    return null;
  }

  /** Null when the devices agree, else what differs. */
  private static String check(ExtremeModels.Case c, Map<String, Integer> outcomes) {
    return check(c, outcomes, OpenClHarness.context(), KernelBinaryCache.atDefaultLocation());
  }

  /** As above, loading the device side on {@code context} (whose program cache it shares). */
  static String check(ExtremeModels.Case c, Map<String, Integer> outcomes, ClContext context,
      KernelBinaryCache binaries) {
    Graph g;
    try {
      g = new OnnxImporter().load(c.model(), "fuzz.onnx");
    } catch (CnnxException e) {
      outcomes.merge("refused at import", 1, Integer::sum);
      return null; // nothing to run: every device sees the same import
    }
    Outcome ref = reference(g, c.inputs());
    Outcome dev = device(g, c.inputs(), context, binaries);
    if (ref instanceof Answer a && dev instanceof Answer d) {
      if (RoundingSensitivity.plain(a.outputs(), d.outputs(), 1e-3, 1e-4) != null) {
        // Float rounding of cancelling terms: measured by rerunning the reference on rounded values.
        String beyond = RoundingSensitivity.check(g, c.inputs(), a.outputs(), d.outputs(), 1e-3, 1e-4);
        if (beyond != null) {
          return "outputs differ: " + beyond;
        }
        outcomes.merge("both answered, within rounding sensitivity", 1, Integer::sum);
        return null;
      }
      outcomes.merge("both answered", 1, Integer::sum);
      return null;
    }
    if (ref instanceof Refusal a && dev instanceof Refusal d) {
      outcomes.merge("both refused", 1, Integer::sum);
      return a.error().getClass() == d.error().getClass() ? null
          : "reference: " + a.error() + "; device: " + d.error();
    }
    if (overBudget(ref) || overBudget(dev)) {
      outcomes.merge("over one side's memory budget", 1, Integer::sum);
      return null; // budgets are per device (JVM heap, device memory): refusing for memory is each one's own
    }
    if (ref instanceof Answer && dev instanceof Refusal d && d.error() instanceof UnsupportedModelException) {
      outcomes.merge("unsupported on the device", 1, Integer::sum);
      return null; // an op without a kernel: refused, never run elsewhere silently
    }
    return "reference " + describe(ref) + " but device " + describe(dev);
  }

  private static boolean overBudget(Outcome o) {
    return o instanceof Refusal r && r.error().getMessage().contains("over the memory limit");
  }

  private static String describe(Outcome o) {
    return o instanceof Refusal r ? "refused (" + r.error() + ")" : "answered";
  }

  private static Outcome reference(Graph g, Map<String, Tensor> in) {
    try {
      return new Answer(new ReferenceInterpreter().run(g, in));
    } catch (CnnxException e) {
      return new Refusal(e);
    }
  }

  private static Outcome device(Graph g, Map<String, Tensor> in, ClContext context, KernelBinaryCache binaries) {
    try {
      Map<String, int[]> shapes = new TreeMap<>();
      in.forEach((k, v) -> shapes.put(k, v.shape()));
      var plan = new Compiler().compile(g, Compiler.Options.defaults().withInputShapes(shapes)).plan();
      try (OpenClExecutable e = OpenClExecutable.load(context, plan, binaries)) {
        return new Answer(e.run(in).outputs());
      }
    } catch (CnnxException e) {
      return new Refusal(e);
    }
  }
}
