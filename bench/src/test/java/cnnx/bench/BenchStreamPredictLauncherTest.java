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
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cnnx bench --stream --predict} as a user runs it: a separate JVM on two one-thread PoCL devices, its
 * whole output read. The pipeline's stream figure and the prediction per launch must be there, in the table and
 * in the JSON, and the prediction's launches must be the plan's.
 */
class BenchStreamPredictLauncherTest {
  @TempDir
  Path dir;

  @Test
  void streamAndPredictionAppearInTheTableAndTheJson() throws Exception {
    assumeTrue(!OpenClPlatforms.discover().devices().isEmpty(), "no OpenCL device here");
    Path model = dir.resolve("net.onnx");
    Files.write(model, twoConvNet());
    Path json = dir.resolve("r.json");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-Xss16m", "-cp", System.getProperty("java.class.path"),
        BenchMain.class.getName(), "bench", model.toString(), "--devices", "opencl:0,pipeline:opencl:0+opencl:1",
        "--warmup", "0.05", "--rounds", "3", "--stream", "6", "--in-flight", "2", "--predict", "--json",
        json.toString()));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("POCL_DEVICES", "basic basic");
    pb.environment().put("CNNX_KERNEL_CACHE", dir.resolve("cache/kernels").toString());
    Process p = pb.start();
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), "bench did not finish");
    String text = Files.readString(out);
    assertEquals(0, p.exitValue(), text + Files.readString(err));

    assertTrue(text.contains("stream of 6 runs, 2 in flight, batch 1 (each device's median of 3 streams"), text);
    assertTrue(text.contains("opencl:0 batch 1, predicted vs measured"), text);
    assertTrue(text.contains("launches within ±30%"), text);
    assertTrue(text.contains("machine after:"), text); // the report's last line: nothing lost at exit

    JsonNode results = new ObjectMapper().readTree(json.toFile()).get("results");
    assertEquals(2, results.size());
    for (JsonNode r : results) {
      assertTrue(r.get("stream").get("images_per_second").asDouble() > 0, r.toString());
      assertEquals(2, r.get("stream").get("in_flight").asInt());
      assertEquals(3, r.get("stream").get("streams").asInt());
    }
    JsonNode single = results.get(0);
    JsonNode predicted = single.get("predicted");
    assertEquals(single.get("launches").asInt(), predicted.get("launches").size(), predicted.toString());
    double sum = 0;
    for (JsonNode l : predicted.get("launches")) {
      assertTrue(l.get("predicted_ms").asDouble() > 0 && l.get("measured_ms").asDouble() > 0, l.toString());
      sum += l.get("measured_ms").asDouble();
    }
    assertEquals(sum, predicted.get("measured_device_ms").asDouble(), 1e-9 + 1e-9 * sum);
  }

  /** Conv 3→16 → Relu → Conv 16→16 → Relu → MaxPool over a 3×32×32 input: two stages' worth of work. */
  private static byte[] twoConvNet() {
    SplittableRandom rnd = new SplittableRandom(11);
    return new OnnxModelBuilder().opset(21).irVersion(10)
        .input("x", 1, 3, 32, 32)
        .initializer("w1", random(rnd, 16 * 3 * 9), 16, 3, 3, 3)
        .initializer("w2", random(rnd, 16 * 16 * 9), 16, 16, 3, 3)
        .node("Conv", names("x", "w1"), names("c1"), attrInts("pads", 1, 1, 1, 1))
        .node("Relu", names("c1"), names("r1"))
        .node("Conv", names("r1", "w2"), names("c2"), attrInts("pads", 1, 1, 1, 1))
        .node("Relu", names("c2"), names("r2"))
        .node("MaxPool", names("r2"), names("y"), attrInts("kernel_shape", 2, 2), attrInts("strides", 2, 2))
        .output("y")
        .toBytes();
  }

  private static float[] random(SplittableRandom rnd, int n) {
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) rnd.nextDouble(-0.3, 0.3);
    }
    return w;
  }
}
