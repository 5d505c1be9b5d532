package cnnx.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cnnx.api.Cnnx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's example job, every line of its command block as a user types it (failsafe, after {@code package}
 * built the job jar and Spark's class path; the block's own {@code mvn} line is that build): the model copied, a plan
 * compiled by {@code ./cnnx}, and Spark's real {@code SparkSubmit} through {@code tools/spark-submit} in
 * {@code local[2]}. Its exit code, its summary and every row it writes are checked against a single-process run of
 * the same plan.
 */
class SparkSubmitIT {
  private static final Path ROOT = Path.of(System.getProperty("cnnx.root", "..")).toAbsolutePath().normalize();
  private static final Pattern SUMMARY = Pattern.compile("(?m)^(\\d+)/(\\d+) correct; (\\d+) images in .*$");

  record Run(String command, int code, String out, String err) {
    String all() {
      return "$ " + command + "\nexit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  @Test
  void theReadmeSparkSubmitCommandScoresEveryImageOnceAsTheSingleProcessRunDoes(@TempDir Path work)
      throws IOException {
    assumeTrue(Cnnx.devices().stream().anyMatch(d -> d.id().startsWith("opencl")),
        () -> "skipped: the README's plan is compiled for OpenCL, and there is no OpenCL device here "
            + Cnnx.unavailableDevices());
    List<String> commands = readmeBlock();
    assertTrue(commands.get(0).startsWith("mvn ") && commands.get(0).contains("package -pl spark -am"),
        "the block starts with the build: " + commands);
    // the checkout as seen from a folder of one's own, so that the commands' files land there
    List<Path> links = new ArrayList<>();
    try (Stream<Path> entries = Files.list(ROOT)) {
      for (Path e : entries.filter(e -> !e.getFileName().toString().startsWith(".")).toList()) {
        links.add(Files.createSymbolicLink(work.resolve(e.getFileName()), e));
      }
    }
    Run submit = null;
    try {
      for (String command : commands.subList(1, commands.size())) {
        Run r = bash(work, command);
        assertEquals(0, r.code(), r.all());
        if (command.startsWith("tools/spark-submit ")) {
          submit = r;
        }
      }
    } finally {
      for (Path link : links) {
        Files.delete(link); // the link, never the checkout it points to
      }
    }
    assertTrue(submit != null, "the block runs tools/spark-submit: " + commands);
    int copies = Integer.parseInt(option(submit.command(), "--copies"));
    Path plan = work.resolve(option(submit.command(), "--plan"));
    Path output = work.resolve(option(submit.command(), "--output"));

    SingleProcess.Run api = SingleProcess.plan(Cnnx.loadPlan(plan), "opencl", 8, copies);
    int n = api.outputs().length;
    int[] labels = SingleProcess.labels();
    int correct = 0;
    for (int i = 0; i < n; i++) {
      correct += api.argmax(i) == labels[i % labels.length] ? 1 : 0;
    }
    Matcher m = SUMMARY.matcher(submit.out());
    assertTrue(m.find(), submit.all());
    assertEquals(correct + "/" + n, m.group(1) + "/" + m.group(2), m.group());

    Map<Integer, String[]> rows = writtenRows(output);
    assertEquals(n, rows.size(), "every image once");
    for (int i = 0; i < n; i++) {
      String[] r = rows.get(i);
      assertTrue(r != null, "image " + i + " is missing");
      assertEquals(labels[i % labels.length], Integer.parseInt(r[1]), "truth of image " + i);
      assertEquals(api.argmax(i), Integer.parseInt(r[2]), "prediction of image " + i);
      assertTrue(r[6].startsWith("opencl:"), "device of image " + i + ": " + r[6]);
      assertTrue(r[7].matches("[0-9a-f]{64}"), "kernel hash of image " + i + ": " + r[7]);
    }
    System.out.printf("tools/spark-submit, README command: %s; single process, the same plan, one session: %.0f"
        + " images/s (%.2f s)%n", m.group(), n / api.seconds(), api.seconds());
  }

  /** The fenced block of the README's Spark section that runs tools/spark-submit, one command per entry. */
  private static List<String> readmeBlock() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    Matcher block = Pattern.compile("(?ms)^```[^\\n]*\\n(.*?)^```").matcher(readme);
    while (block.find()) {
      if (block.group(1).contains("tools/spark-submit ")) {
        List<String> commands = new ArrayList<>();
        for (String line : block.group(1).replace("\\\n", " ").split("\n")) {
          String c = line.replaceAll("\\s+#\\s.*$", "").strip().replaceAll("\\s+", " ");
          if (!c.isEmpty()) {
            commands.add(c);
          }
        }
        return commands;
      }
    }
    throw new AssertionError("README.md has no command block with tools/spark-submit");
  }

  private static String option(String command, String name) {
    String[] words = command.split(" ");
    for (int i = 0; i + 1 < words.length; i++) {
      if (words[i].equals(name)) {
        return words[i + 1];
      }
    }
    throw new AssertionError(command + ": no " + name);
  }

  /** The CSV files Spark wrote (header, then id, truth, prediction, label, score, host, device, kernel hash, ...). */
  private static Map<Integer, String[]> writtenRows(Path dir) throws IOException {
    Map<Integer, String[]> rows = new HashMap<>();
    List<Path> parts;
    try (Stream<Path> s = Files.list(dir)) {
      parts = s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    }
    assertTrue(!parts.isEmpty(), dir + " holds no part files");
    for (Path part : parts) {
      List<String> lines = Files.readAllLines(part);
      if (lines.isEmpty()) {
        continue;
      }
      assertTrue(lines.get(0).startsWith("id,truth,prediction,label,score,cnnx_host,cnnx_device,cnnx_kernel_hash"),
          part + ": " + lines.get(0));
      for (String line : lines.subList(1, lines.size())) {
        String[] r = line.split(",", -1);
        assertTrue(rows.put(Integer.parseInt(r[0]), r) == null, "image " + r[0] + " written twice");
      }
    }
    return rows;
  }

  private static Run bash(Path cwd, String command) {
    try {
      Path out = Files.createTempFile("spark-it", ".out");
      Path err = Files.createTempFile("spark-it", ".err");
      try {
        Process p = new ProcessBuilder("bash", "-c", command).directory(cwd.toFile()).redirectOutput(out.toFile())
            .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
          p.destroyForcibly();
          throw new AssertionError(command + ": did not finish in 10 minutes");
        }
        return new Run(command, p.exitValue(), Files.readString(out), Files.readString(err));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
