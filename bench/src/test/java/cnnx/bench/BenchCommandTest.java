package cnnx.bench;

import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.host.cl.OpenClPlatforms;
import cnnx.host.cli.Main;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The bench command end to end on a small conv net with a symbolic batch: table, JSON, chart. */
class BenchCommandTest {
  @TempDir
  Path dir;

  @Test
  void timesEveryDeviceAtEveryBatchAndWritesJsonAndChart() throws Exception {
    Path model = dir.resolve("net.onnx");
    Files.write(model, smallNet());
    boolean openCl = !OpenClPlatforms.discover().devices().isEmpty();
    List<String> devices = new ArrayList<>(List.of("reference", "onnxruntime"));
    if (openCl) {
      devices.add("opencl:0");
      devices.add("opencl:0/unfused");
      devices.add("opencl:0/untuned");
      devices.add("aparapi"); // through the public API, like any other provider's device
    }
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.addSubcommand("bench", new BenchCommand());
    cli.setOut(new PrintWriter(out));
    int code = Main.execute(cli, "bench", model.toString(), "--devices", String.join(",", devices),
        "--batch", "1,2", "--warmup", "0.05", "--rounds", "3", "--turn", "3", "--json", dir.resolve("r.json").toString(),
        "--chart", dir.resolve("r.png").toString());
    assertEquals(Main.OK, code, out.toString());
    JsonNode json = new ObjectMapper().readTree(dir.resolve("r.json").toFile());
    assertEquals(model.toString(), json.get("model").asText());
    assertEquals(devices.size() * 2, json.get("results").size());
    assertEquals(3, json.get("turn").asInt());
    for (JsonNode r : json.get("results")) {
      assertTrue(r.get("verified").asBoolean(), r.toString());
      assertTrue(r.get("median_ms").asDouble() > 0, r.toString());
      assertTrue(r.get("images_per_second").asDouble() > 0, r.toString());
      assertEquals(3 * 2, r.get("runs").asInt(), "3 rounds of 2 timed runs (a turn of 3, the first untimed)");
      if (r.get("device").asText().startsWith("opencl")) {
        assertTrue(r.get("launches").asInt() > 0);
        assertTrue(r.get("slowest_launches").get(0).get("onnx_nodes").size() > 0);
        // the split comes from the profiled runs, apart from the timed ones
        assertTrue(r.get("kernels_ms").asDouble() > 0, r.toString());
        assertTrue(r.get("slowest_launches").get(0).get("median_ms").asDouble() > 0, r.toString());
      }
    }
    assertTrue(Files.size(dir.resolve("r.png")) > 1000);
    assertTrue(out.toString().contains("onnxruntime"), out.toString());
  }

  /** Conv 3→8 (3×3, pad 1) → Relu → MaxPool 2×2 over a 3×16×16 input of batch N. */
  private static byte[] smallNet() {
    SplittableRandom rnd = new SplittableRandom(8);
    float[] w = new float[8 * 3 * 3 * 3];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) rnd.nextDouble(-0.5, 0.5);
    }
    return new OnnxModelBuilder().opset(21).irVersion(10)
        .input("x", -1, 3, 16, 16)
        .initializer("w", w, 8, 3, 3, 3)
        .node("Conv", names("x", "w"), names("c"), attrInts("pads", 1, 1, 1, 1))
        .node("Relu", names("c"), names("r"))
        .node("MaxPool", names("r"), names("y"), attrInts("kernel_shape", 2, 2), attrInts("strides", 2, 2))
        .output("y")
        .toBytes();
  }
}
