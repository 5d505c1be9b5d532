package cnnx.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.testing.SmallCnn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cnnx plan --predict} keeps what it measured: family figures first fitted on other launches (here made
 * 10,000× too slow by hand) are replaced, so the next prediction of the same model lands within 10× of its
 * measurement instead of far beyond.
 */
class PredictRefitCliTest {
  private static final Pattern DEVICE_TIME = Pattern.compile("device time\\s+([0-9.]+)\\s+([0-9.]+)");

  @Test
  void aPredictionFromFarOffFiguresIsCorrectedByMeasuring(@TempDir Path dir) throws IOException {
    Path model = Files.write(dir.resolve("m.onnx"), SmallCnn.model());
    Map<String, String> env = Map.of("CNNX_KERNEL_CACHE", dir.resolve("kernels").toString(),
        "CNNX_PLAN_CACHE", "off");
    String[] predict = {"plan", model.toString(), "--predict", "opencl:0", "--runs", "5"};

    CliTest.Result first = CliTest.cli(env, predict);
    assertEquals(0, first.code(), first.out() + first.err());
    assertTrue(first.out().contains("later predictions use these runs: "), first.out());
    Path figures = onlyFile(dir.resolve("efficiency"));

    poison(figures);
    double[] off = deviceTimes(CliTest.cli(env, predict));
    assertTrue(off[0] > 30 * off[1], "the poisoned figures should predict far too slow: " + off[0] + " vs " + off[1]);

    double[] corrected = deviceTimes(CliTest.cli(env, predict));
    // within 10x: this model's launches last microseconds, whose event times vary several-fold between runs; the
    // poisoned figures are off by far more, and the file check below is exact
    double ratio = corrected[0] / corrected[1];
    assertTrue(ratio > 0.1 && ratio < 10, "re-fitted prediction " + corrected[0] + " ms against " + corrected[1]
        + " ms measured");
    assertTrue(Files.readAllLines(figures).stream().noneMatch(l -> l.matches("[^@=]+=0\\.0001")),
        "poisoned figures still stored: " + Files.readString(figures));
  }

  /** Every family's efficiency set to 0.0001, its other terms kept. */
  private static void poison(Path figures) throws IOException {
    List<String> lines = Files.readAllLines(figures).stream()
        .map(l -> !l.startsWith("#") && !l.startsWith("@") && !l.contains("@") && l.contains("=")
            ? l.substring(0, l.indexOf('=')) + "=0.0001" : l)
        .collect(Collectors.toList());
    assertTrue(lines.stream().anyMatch(l -> l.endsWith("=0.0001")), String.join("\n", lines));
    Files.write(figures, lines);
  }

  private static double[] deviceTimes(CliTest.Result r) {
    assertEquals(0, r.code(), r.out() + r.err());
    Matcher m = DEVICE_TIME.matcher(r.out());
    assertTrue(m.find(), r.out());
    return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
  }

  private static Path onlyFile(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> all = files.filter(f -> f.toString().endsWith(".properties")).toList();
      assertEquals(1, all.size(), all.toString());
      return all.get(0);
    }
  }
}
