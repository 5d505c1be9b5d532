package cnnx.host.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.host.cl.ClContext;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.cl.LiveObjects;
import cnnx.host.cl.ProgramCache;
import cnnx.host.testing.OpenClHarness;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The differential campaign: {@link CampaignModels} run on the reference and on OpenCL through one
 * context whose programs are kept, so that after a warm-up a model costs its runs and not PoCL's
 * builds. The finding rules are {@link DifferentialFuzzTest}'s. CI runs a seeded slice; a campaign sets
 * {@code cnnx.fuzz.campaign} (models) and {@code cnnx.fuzz.firstSeed} (resume where a chunk ended), and
 * {@code cnnx.fuzz.log} for a progress file (models, rate, outcomes, programs built, findings). Findings
 * are written to {@code target/fuzz-findings/campaign-seed-N.onnx} and their seeds join {@link #REGRESSIONS}.
 */
class DifferentialCampaignTest {
  /** Campaign seeds that once were findings; replayed on every run. */
  static final long[] REGRESSIONS = {};

  /** Programs a campaign keeps built: more than the menu's kernels, so none is built twice. */
  private static final int KEEP_PROGRAMS = 20_000;

  @Test
  void referenceAndOpenClAgreeOnACampaignOfRepeatingKernels() throws IOException {
    var device = OpenClHarness.requireDevice();
    int models = Integer.getInteger("cnnx.fuzz.campaign", 30);
    long first = Long.getLong("cnnx.fuzz.firstSeed", 1);
    String logPath = System.getProperty("cnnx.fuzz.log");
    long progressEvery = Long.getLong("cnnx.fuzz.progressSeconds", 30) * 1_000_000_000L;
    List<Long> seeds = new ArrayList<>();
    Arrays.stream(REGRESSIONS).forEach(seeds::add);
    List<String> findings = new ArrayList<>();
    Map<String, Integer> outcomes = new TreeMap<>();
    KernelBinaryCache binaries = KernelBinaryCache.atDefaultLocation();
    var baseline = LiveObjects.snapshot();
    long t0 = System.nanoTime();
    try (PrintStream log = logPath == null ? null : new PrintStream(Files.newOutputStream(Path.of(logPath),
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true);
        ClContext context = ClContext.open(device)) {
      context.programs().retainIdle(KEEP_PROGRAMS);
      long lastReport = t0;
      int done = 0;
      say(log, String.format("campaign: seeds %d..%d + %d regressions on %s", first, first + models - 1,
          REGRESSIONS.length, device.summary()));
      for (int i = 0; i < REGRESSIONS.length + models; i++) {
        long seed = i < REGRESSIONS.length ? REGRESSIONS[i] : first + i - REGRESSIONS.length;
        ExtremeModels.Case c = CampaignModels.generate(seed);
        String finding;
        try {
          finding = DifferentialFuzzTest.check(c, outcomes, context, binaries);
        } catch (Throwable e) {
          finding = DifferentialFuzzTest.escaped(e);
        }
        if (finding != null) {
          String line = "seed " + seed + " (" + c.description() + "): " + finding;
          findings.add(line);
          say(log, "FINDING " + line);
          Path dir = Files.createDirectories(Path.of("target", "fuzz-findings"));
          Files.write(dir.resolve("campaign-seed-" + seed + ".onnx"), c.model());
        }
        done++;
        long now = System.nanoTime();
        if (now - lastReport >= progressEvery) {
          lastReport = now;
          say(log, progress(done, seed, now - t0, outcomes, context.programs().stats(), findings.size()));
        }
      }
      say(log, "done: " + progress(done, first + models - 1, System.nanoTime() - t0, outcomes,
          context.programs().stats(), findings.size()));
      assertTrue(context.programs().stats().programs() <= KEEP_PROGRAMS);
    }
    assertEquals(baseline, LiveObjects.snapshot(), "native objects leaked");
    assertTrue(findings.isEmpty(), String.join("\n", findings));
  }

  /**
   * The campaign's promise, checked without a device: its models compile to a bounded set of programs
   * (sources with build options), so a long campaign builds each once. {@code cnnx.fuzz.varietyModels}
   * models (default 3,000) compiled to plans.
   */
  @Test
  void campaignModelsCompileToABoundedSetOfPrograms() {
    int models = Integer.getInteger("cnnx.fuzz.varietyModels", 3_000);
    java.util.Set<String> programs = new java.util.HashSet<>();
    int compiled = 0;
    for (long seed = 1; seed <= models; seed++) {
      ExtremeModels.Case c = CampaignModels.generate(seed);
      try {
        var g = new cnnx.compiler.onnx.OnnxImporter().load(c.model(), "campaign.onnx");
        Map<String, int[]> shapes = Map.of("x", c.inputs().get("x").shape());
        var plan = new cnnx.compiler.Compiler().compile(g,
            cnnx.compiler.Compiler.Options.defaults().withInputShapes(shapes)).plan();
        plan.programs().forEach(p -> programs.add(p.hash()));
        compiled++;
      } catch (cnnx.compiler.error.CnnxException e) {
        // refused alike on both sides in the campaign proper; no programs
      }
    }
    System.out.printf("campaign variety: %d models, %d compiled, %d distinct programs%n", models, compiled,
        programs.size());
    assertTrue(compiled > models * 9 / 10, "most campaign models compile: " + compiled);
    assertTrue(programs.size() < 1_500, programs.size() + " distinct programs over " + models + " models");
  }

  private static String progress(int done, long lastSeed, long nanos, Map<String, Integer> outcomes,
      ProgramCache.Stats programs, int findings) {
    Runtime rt = Runtime.getRuntime();
    double s = nanos / 1e9;
    return String.format("%d models (to seed %d) in %.1f s, %.1f models/s; outcomes %s; %d programs built"
        + " (distinct kernel sources), program cache hit rate %.4f; heap used %d MiB; %d findings",
        done, lastSeed, s, done / s, outcomes, programs.misses(), programs.hitRate(),
        (rt.totalMemory() - rt.freeMemory()) >> 20, findings);
  }

  private static void say(PrintStream log, String line) {
    String stamped = java.time.Instant.now().toString().substring(0, 19) + "Z " + line;
    System.out.println(stamped);
    if (log != null) {
      log.println(stamped);
    }
  }
}
