package cnnx.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.testing.SmallCnn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cnnx boards} and {@code cnnx plan} over presets (no device needed): placements whose numbers add up. */
class PlacementCliTest {
  private static final Pattern LAUNCH = Pattern.compile(
      "^\\s*\\d+\\s+\\S+\\s+(\\S+)\\s+\\d+\\s+\\S+(?: \\S+)?\\s+([0-9.]+)\\s+([0-9.]+)\\s+([0-9.]+)(.*)$");
  private static final Pattern TOTAL = Pattern.compile("run time ([0-9.]+) ms \\+ moves ([0-9.]+) ms .*?"
      + "(?:- overlap \\(moves and launches at the same time\\) ([0-9.]+) ms )?= predicted total ([0-9.]+) ms");

  @Test
  void boardsListsGpusCpusAndFpgaBoardsWithResources() {
    CliTest.Result r = CliTest.cli("boards");
    assertEquals(0, r.code(), r.err());
    for (String id : List.of("nvidia/h100-sxm", "amd/mi210", "intel/xeon-8380", "intel/de5-net", "intel/de5a-net",
        "intel/de1-soc", "intel/pac-d5005", "xilinx/u50", "xilinx/u200", "xilinx/u250", "xilinx/u280",
        "xilinx/zcu102")) {
      assertTrue(r.out().contains(id + ":"), id + " missing:\n" + r.out());
    }
    assertTrue(r.out().contains("1518 DSPs"), r.out());
  }

  @Test
  void aBoardThatCannotRunEveryLaunchIsRefusedWithoutAFallback(@TempDir Path dir) throws IOException {
    Path model = Files.write(dir.resolve("m.onnx"), SmallCnn.model());
    CliTest.Result strict = CliTest.cli("plan", model.toString(), "--devices", "intel/de5a-net");
    assertEquals(3, strict.code(), strict.out() + strict.err());
    assertTrue(strict.err().contains("--fallback"), strict.err());
  }

  @Test
  void aMixedPlacementPrintsNumbersThatAddUp(@TempDir Path dir) throws IOException {
    Path model = Files.write(dir.resolve("m.onnx"), SmallCnn.model());
    CliTest.Result r = CliTest.cli("plan", model.toString(), "--devices", "intel/de5a-net,nvidia/rtx-4090",
        "--fallback", "reference", "--explain");
    assertEquals(0, r.code(), r.out() + r.err());
    checkSums(r.out());
    assertTrue(r.out().contains("model intel/de5a-net: conv engine"), r.out());
  }

  @Test
  void aThroughputPlacementOverPresetsAddsUpToo(@TempDir Path dir) throws IOException {
    Path model = Files.write(dir.resolve("m.onnx"), SmallCnn.model());
    CliTest.Result r = CliTest.cli("plan", model.toString(), "--devices", "nvidia/a100-sxm4-80gb,intel/xeon-8380",
        "--objective", "throughput");
    assertEquals(0, r.code(), r.out() + r.err());
    checkSums(r.out());
    assertTrue(r.out().contains("pipeline:"), r.out());
  }

  /** The launches' run times sum to the printed run time; run + moves - overlap = the total. */
  private static void checkSums(String out) {
    double run = 0;
    double moves = 0;
    int launches = 0;
    for (String line : out.lines().toList()) {
      Matcher m = LAUNCH.matcher(line);
      if (m.matches()) {
        moves += Double.parseDouble(m.group(2));
        run += Double.parseDouble(m.group(4));
        launches++;
      }
    }
    assertTrue(launches > 3, out);
    Matcher t = TOTAL.matcher(out);
    assertTrue(t.find(), out);
    double printedRun = Double.parseDouble(t.group(1));
    double printedMoves = Double.parseDouble(t.group(2));
    double overlap = t.group(3) == null ? 0 : Double.parseDouble(t.group(3));
    double total = Double.parseDouble(t.group(4));
    double rounding = 0.0005 * (launches + 2);
    assertEquals(printedRun, run, rounding, out);
    assertTrue(moves <= printedMoves + rounding, out); // outputs moved back are in the total only
    assertEquals(total, printedRun + printedMoves - overlap, 0.002, out);
  }
}
