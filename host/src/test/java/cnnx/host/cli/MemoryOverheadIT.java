package cnnx.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cnnx.compiler.analysis.MemoryBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run of {@code ./cnnx} takes from the machine beside its memory budget: each run's peak resident set
 * (VmHWM, as {@code /usr/bin/time} reports it) less the peak of a trivial run on the reference (the JVM and
 * cnnx's classes) must stay within {@code --memory-limit} + 256 MiB, for size bombs just under and just over
 * the limit and for the real models in ../shared/onnx-models run at the limit they need, on OpenCL with their
 * kernel binaries cached (a cold build's compiler memory is measured apart in docs/reliability.md). A memory bound,
 * not a timing one. Prints the table docs/reliability.md quotes.
 */
class MemoryOverheadIT {
  private static final long OVERHEAD = 256L << 20;
  private static final Path TIME = Path.of("/usr/bin/time");
  private static final Path SHARED = Path.of(System.getProperty("cnnx.shared", "../shared")).toAbsolutePath();
  private static final Pattern NEEDS = Pattern.compile("needs ([0-9.]+) (B|KiB|MiB|GiB) at its peak");

  record Measured(int code, long peakBytes, String err) {}

  /** Runs ./cnnx under /usr/bin/time; the peak resident set in bytes. */
  private static Measured measure(Path dir, List<String> args) throws IOException {
    return measure(dir, java.util.Map.of(), args);
  }

  /** As above, with these variables added to the launcher's environment. */
  private static Measured measure(Path dir, java.util.Map<String, String> env, List<String> args) throws IOException {
    Path rss = dir.resolve("rss.txt");
    List<String> command = new ArrayList<>(List.of(TIME.toString(), "-f", "%M", "-o", rss.toString()));
    command.add(Path.of(System.getProperty("cnnx.root", "..")).toAbsolutePath().normalize().resolve("cnnx").toString());
    command.addAll(args);
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    try {
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
          .redirectError(err.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      int code = p.waitFor();
      List<String> lines = Files.readAllLines(rss);
      long kib = Long.parseLong(lines.get(lines.size() - 1).strip());
      return new Measured(code, kib << 10, Files.readString(err));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static List<String> run(Path model, Path input, Path dir, String device, long limit) {
    return List.of("run", model.toString(), "--input", input.toString(), "--output-dir", dir.resolve("out").toString(),
        "--overwrite", "--device", device, "--memory-limit", Long.toString(limit));
  }

  /** The same run without a limit: on OpenCL it puts the plan's kernels in the binary cache. */
  private static Measured unlimited(Path dir, Path model, Path input, String device) throws IOException {
    return measure(dir, List.of("run", model.toString(), "--input", input.toString(), "--output-dir",
        dir.resolve("out").toString(), "--overwrite", "--device", device));
  }

  /**
   * The limit to run at for a need read from a refusal: the need, which the refusal prints to 0.1 MiB (172.0 MiB
   * for a need a little over 172 MiB), plus that rounding, rounded up to a MiB.
   */
  private static long limitFor(long printedNeed) {
    return (printedNeed + (1 << 20) / 10 + (1 << 20) - 1) & -(1L << 20);
  }

  /** What a run needs, read from the refusal under a limit of one byte. */
  private static long needs(Path dir, Path model, Path input, String device) throws IOException {
    return needs(dir, java.util.Map.of(), model, input, device);
  }

  private static long needs(Path dir, java.util.Map<String, String> env, Path model, Path input, String device)
      throws IOException {
    Measured m = measure(dir, env, run(model, input, dir, device, 1));
    Matcher x = NEEDS.matcher(m.err());
    assertTrue(m.code() == 2 && x.find(), m.err());
    return MemoryBudget.parse(x.group(1) + x.group(2).charAt(0));
  }

  @Test
  void noRunTakesMoreThanItsBudgetPlus256MiB(@TempDir Path dir) throws IOException {
    assumeTrue(Files.isExecutable(TIME), "needs /usr/bin/time (Debian package time) to read a run's peak RSS");
    boolean openCl = LauncherIT.cnnx(dir, List.of("devices")).out().contains("\nopencl:0");
    List<String> devices = openCl ? List.of("reference", "opencl") : List.of("reference");
    Path input = ReliabilityLauncherIT.oneInput(dir);
    Path tiny = ReliabilityLauncherIT.expandModel(dir, "tiny.onnx", 4);
    List<String> rows = new ArrayList<>();
    List<String> over = new ArrayList<>();
    // The baseline is the JVM alone: on OpenCL the driver, its kernel builds and its buffers count as overhead.
    Measured base = measure(dir, run(tiny, input, dir, "reference", 1L << 20));
    assertEquals(0, base.code(), base.err());
    rows.add(row("trivial run (the baseline)", "reference", 1L << 20, base, base.peakBytes()));
    for (String device : devices) {
      long budget = 256L << 20;
      // The reference holds a bomb's two wide values and its double scratch (16 B per element); a fused plan one.
      long perElement = device.equals("reference") ? 16 : 4;
      for (double f : new double[] {0.97, 1.03}) {
        long n = (long) (budget * f / perElement);
        Path bomb = ReliabilityLauncherIT.expandModel(dir, "bomb-" + f + ".onnx", n);
        if (device.equals("opencl") && f < 1) {
          // kernels cached first: a build's compiler memory is counted (below), and would refuse this bomb
          assertEquals(0, unlimited(dir, bomb, input, device).code());
        }
        Measured m = measure(dir, run(bomb, input, dir, device, budget));
        assertEquals(f < 1 ? 0 : 2, m.code(), device + " bomb " + f + ": " + m.err());
        rows.add(row("Expand bomb at " + f + " of the limit", device, budget, m, base.peakBytes()));
        check(over, "bomb " + f + " on " + device, m, base.peakBytes(), budget);
      }
      for (String name : List.of("cbrp_small", "mobilenet_v2", "resnet18")) {
        Path model = SHARED.resolve("onnx-models").resolve(name).resolve("model.onnx");
        if (!Files.exists(model)) {
          continue;
        }
        Path data = model.resolveSibling("test_data_set_0").resolve("input_0.pb");
        if (device.equals("opencl")) { // kernels cached first; the cold case is its own row below
          assertEquals(0, unlimited(dir, model, data, device).code());
        }
        long need = needs(dir, model, data, device);
        long limit = limitFor(need);
        Measured m = measure(dir, run(model, data, dir, device, limit));
        assertEquals(0, m.code(), name + " on " + device + ": " + m.err());
        rows.add(row(name + " at the limit it needs", device, limit, m, base.peakBytes()));
        check(over, name + " on " + device, m, base.peakBytes(), limit);
      }
    }
    Path resnet = SHARED.resolve("onnx-models/resnet18/model.onnx");
    if (openCl && Files.exists(resnet)) {
      // Both kernel caches empty: the driver compiles every program in this process, and the budget counts it.
      var cold = java.util.Map.of("CNNX_KERNEL_CACHE", Files.createDirectories(dir.resolve("empty-kernel-cache"))
          .toString(), "POCL_CACHE_DIR", Files.createDirectories(dir.resolve("empty-pocl-cache")).toString());
      Path data = resnet.resolveSibling("test_data_set_0").resolve("input_0.pb");
      // under the plan's own need it is refused at compile time; at that need, by the load, naming the compiler's
      long limit = limitFor(needs(dir, cold, resnet, data, "opencl"));
      Measured m = measure(dir, cold, run(resnet, data, dir, "opencl", limit));
      Matcher more = NEEDS.matcher(m.err());
      assertTrue(m.code() == 2 && m.err().contains("for the driver to compile") && more.find(), m.err());
      limit = limitFor(MemoryBudget.parse(more.group(1) + more.group(2).charAt(0)));
      m = measure(dir, cold, run(resnet, data, dir, "opencl", limit));
      assertEquals(0, m.code(), "resnet18 cold on opencl: " + m.err());
      rows.add(row("resnet18, kernel caches empty, at the limit it needs", "opencl", limit, m, base.peakBytes()));
      check(over, "resnet18 cold on opencl", m, base.peakBytes(), limit);
    }
    System.out.println("| run | device | --memory-limit | peak RSS | over the baseline | over the limit |");
    System.out.println("| --- | --- | --- | --- | --- | --- |");
    rows.forEach(System.out::println);
    assertTrue(over.isEmpty(), "over the budget by more than 256 MiB: " + over);
  }

  private static void check(List<String> over, String what, Measured m, long baseline, long budget) {
    if (m.peakBytes() - baseline > budget + OVERHEAD) {
      over.add(what + ": " + MemoryBudget.human(m.peakBytes() - baseline) + " over the baseline, limit "
          + MemoryBudget.human(budget));
    }
  }

  private static String row(String what, String device, long limit, Measured m, long baseline) {
    long extra = m.peakBytes() - baseline;
    return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |", what, device, MemoryBudget.human(limit),
        MemoryBudget.human(m.peakBytes()), MemoryBudget.human(Math.max(0, extra)),
        extra > limit ? MemoryBudget.human(extra - limit) : "none");
  }
}
