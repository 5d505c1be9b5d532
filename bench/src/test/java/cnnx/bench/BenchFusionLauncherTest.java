package cnnx.bench;

import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.host.cl.OpenClPlatforms;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cnnx bench --devices opencl:0,opencl:0/unfused} as a user runs it: a separate JVM, its whole output read.
 * Each plan's estimated memory traffic is in the table and the JSON, equal to the bytes counted by hand from the
 * model, and the fused ÷ unfused line and the JSON's {@code fusion} entry say what fusion bought.
 */
class BenchFusionLauncherTest {
  private static final Pattern FUSION = Pattern.compile(
      "opencl:0 fused / unfused throughput at batch 1: ([0-9.]+) \\(estimated DRAM MB per run: ([0-9.]+) vs ([0-9.]+)\\)");

  @TempDir
  Path dir;

  @Test
  void fusedAndUnfusedPlansWithTheirEstimatedTraffic() throws Exception {
    assumeTrue(!OpenClPlatforms.discover().devices().isEmpty(), "no OpenCL device here");
    Path model = dir.resolve("net.onnx");
    Files.write(model, twoConvBlocks());
    Path json = dir.resolve("r.json");
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // tasks off: the two fused blocks stay two launches, whose traffic is the formula below
        "--enable-native-access=ALL-UNNAMED", "-Xss16m", "-Dcnnx.tasks=off", "-cp", System.getProperty("java.class.path"),
        BenchMain.class.getName(), "bench", model.toString(), "--devices", "opencl:0,opencl:0/unfused",
        "--rounds", "5", "--warmup", "0.2", "--json", json.toString());
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("CNNX_KERNEL_CACHE", dir.resolve("cache/kernels").toString());
    Process p = pb.start();
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), "bench did not finish");
    String text = Files.readString(out);
    assertEquals(0, p.exitValue(), text + Files.readString(err));

    // floats moved, counted from the model: fused, each block reads its input, weights and bias and writes its
    // output; unfused, each block's conv and BatchNorm outputs are also written and read back, and BN's four
    // parameter vectors read
    long x = 3 * 256;
    long h = 16 * 256;
    long fused = (x + 16 * 27 + 16 + h) + (h + 16 * 144 + 16 + h);
    long unfused = fused + 2 * (4 * h + 4 * 16);
    assertTrue(text.contains("estimated DRAM MB per run (each launch reads its buffers and writes its outputs once,"
        + " no caches): opencl:0 b1 0.06, opencl:0/unfused b1 0.19"), text);
    Matcher m = FUSION.matcher(text);
    assertTrue(m.find(), text);
    assertTrue(Double.parseDouble(m.group(1)) > 0, text);
    assertTrue(Double.parseDouble(m.group(2)) < Double.parseDouble(m.group(3)), text);
    assertTrue(text.contains("machine after:"), text); // the report's last line: nothing lost at exit

    JsonNode report = new ObjectMapper().readTree(json.toFile());
    JsonNode results = report.get("results");
    assertEquals(2, results.size());
    assertEquals(4 * fused / 1e6, results.get(0).get("dram_mb_per_run").asDouble(), 1e-12, results.toString());
    assertEquals(4 * unfused / 1e6, results.get(1).get("dram_mb_per_run").asDouble(), 1e-12, results.toString());
    JsonNode fusion = report.get("fusion");
    assertEquals(1, fusion.size(), report.toString());
    JsonNode f = fusion.get(0);
    assertEquals("opencl:0", f.get("device").asText());
    assertEquals(1, f.get("batch").asInt());
    assertEquals(results.get(0).get("images_per_second").asDouble() / results.get(1).get("images_per_second").asDouble(),
        f.get("ratio").asDouble(), 1e-9);
    assertEquals(4 * fused / 1e6, f.get("fused_mb").asDouble(), 1e-12);
    assertEquals(4 * unfused / 1e6, f.get("unfused_mb").asDouble(), 1e-12);
  }

  /** (Conv 3×3 with bias → BatchNorm → Relu) twice, 3→16→16 channels over a 3×16×16 input. */
  private static byte[] twoConvBlocks() {
    SplittableRandom rnd = new SplittableRandom(5);
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).irVersion(10).input("x", 1, 3, 16, 16);
    String in = "x";
    for (int k = 1; k <= 2; k++) {
      int c = k == 1 ? 3 : 16;
      b.initializer("w" + k, random(rnd, 16 * c * 9, -0.3, 0.3), 16, c, 3, 3)
          .initializer("b" + k, random(rnd, 16, -0.1, 0.1), 16)
          .initializer("scale" + k, random(rnd, 16, 0.5, 1.5), 16)
          .initializer("shift" + k, random(rnd, 16, -0.2, 0.2), 16)
          .initializer("mean" + k, random(rnd, 16, -0.2, 0.2), 16)
          .initializer("var" + k, random(rnd, 16, 0.5, 2), 16)
          .node("Conv", names(in, "w" + k, "b" + k), names("c" + k), attrInts("pads", 1, 1, 1, 1))
          .node("BatchNormalization", names("c" + k, "scale" + k, "shift" + k, "mean" + k, "var" + k),
              names("n" + k))
          .node("Relu", names("n" + k), names(k == 2 ? "y" : "r" + k));
      in = "r" + k;
    }
    return b.output("y").toBytes();
  }

  private static float[] random(SplittableRandom rnd, int n, double lo, double hi) {
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) rnd.nextDouble(lo, hi);
    }
    return w;
  }
}
