package cnnx.host.cli;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cnnx.api.Cnnx;
import cnnx.api.Images;
import cnnx.api.Model;
import cnnx.api.Preprocessing;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.TensorFiles;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.OrtOracle;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cnnx classify} and image inputs to {@code cnnx run}, run as a user does, against ONNX Runtime. */
class ClassifyTest {
  private static final Path RESNET = Path.of(System.getProperty("cnnx.shared", "../shared"),
      "onnx-models/resnet18/model.onnx");

  /** A small RGB classifier: two strided convs, global pooling and a linear layer to 10 logits. */
  static Path smallClassifier(Path dir) throws IOException {
    SplittableRandom rnd = new SplittableRandom(14);
    Path model = dir.resolve("small.onnx");
    Files.write(model, new OnnxModelBuilder().input("image", -1L, 3L, 32L, 32L)
        .initializer("w1", random(rnd, 8 * 3 * 9), 8, 3, 3, 3)
        .initializer("w2", random(rnd, 16 * 8 * 9), 16, 8, 3, 3)
        .initializer("fc", random(rnd, 16 * 10), 16, 10)
        .initializer("bias", random(rnd, 10), 10)
        .node("Conv", names("image", "w1"), names("c1"), attrInts("strides", 2, 2), attrInts("pads", 1, 1, 1, 1))
        .node("Relu", names("c1"), names("r1"))
        .node("Conv", names("r1", "w2"), names("c2"), attrInts("strides", 2, 2), attrInts("pads", 1, 1, 1, 1))
        .node("Relu", names("c2"), names("r2"))
        .node("GlobalAveragePool", names("r2"), names("g"))
        .node("Flatten", names("g"), names("f"), attr("axis", 1L))
        .node("Gemm", names("f", "fc", "bias"), names("logits"))
        .output("logits").toBytes());
    return model;
  }

  private static float[] random(SplittableRandom rnd, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rnd.nextDouble(-1, 1);
    }
    return a;
  }

  /** ONNX Runtime's scores for each image, preprocessed as the API does for this model. */
  private static List<float[]> ortScores(Path model, List<Path> files, String spec) throws IOException {
    Model m = Cnnx.load(model);
    String input = m.inputs().get(0).name();
    Preprocessing p = Images.preprocessingFor(m, input, spec, null, null);
    byte[] bytes = Files.readAllBytes(model);
    List<float[]> out = new ArrayList<>();
    for (Path f : files) {
      cnnx.api.Tensor x = cnnx.api.Tensor.fromImage(Images.read(f), p);
      out.add(OrtOracle.run(bytes, Map.of(input, Tensor.ofFloats(x.shape(), x.floats()))).values().iterator().next()
          .floats());
    }
    return out;
  }

  /** Compares top-1 per file; an image whose two best ORT scores nearly tie is not a fair test of either. */
  private static void assertSameTop1(List<Path> files, List<float[]> ort, JsonNode results) {
    assertEquals(files.size(), results.size());
    int compared = 0;
    for (int i = 0; i < files.size(); i++) {
      float[] s = ort.get(i);
      int best = TopK.argmax(s, 0, s.length);
      float second = Float.NEGATIVE_INFINITY;
      for (int k = 0; k < s.length; k++) {
        second = k == best ? second : Math.max(second, s[k]);
      }
      JsonNode r = results.get(i);
      assertEquals(files.get(i).toString(), r.get("file").asText());
      if (s[best] - second > 1e-4 * Math.max(1, Math.abs(s[best]))) {
        assertEquals(best, r.get("top").get(0).get("index").asInt(), files.get(i) + ": " + r);
        compared++;
      }
    }
    assertTrue(compared >= files.size() - 1, "most images have a clear winner: " + compared);
  }

  @Test
  void folderOfPhotosGetsOnnxRuntimesTopLabels(@TempDir Path dir) throws IOException {
    Path model = smallClassifier(dir);
    Path photos = Files.createDirectories(dir.resolve("photos"));
    List<Path> files = Photos.write(photos, 11, 1);
    Path labels = Files.writeString(dir.resolve("labels.txt"),
        "zero\none\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\n");
    List<Path> sorted = files.stream().sorted().toList();
    List<float[]> ort = ortScores(model, sorted, "imagenet");
    List<String> devices = new ArrayList<>(List.of("reference"));
    if (Cnnx.devices().stream().anyMatch(d -> d.kind().equals("opencl"))) {
      devices.add("opencl");
    }
    JsonNode report = null;
    for (String device : devices) {
      // batch 4 over 11 images: the last batch is padded
      CliTest.Result r = CliTest.cli("classify", model.toString(), photos.toString(), "--labels", labels.toString(),
          "--top", "3", "--batch", "4", "--json", "--device", device);
      assertEquals(0, r.code(), r.err());
      report = new ObjectMapper().readTree(r.out());
      assertTrue(report.get("device").asText().startsWith(device), report.get("device").asText());
      assertSameTop1(sorted, ort, report.get("results"));
    }
    JsonNode first = report.get("results").get(0).get("top");
    assertEquals(3, first.size());
    assertTrue(first.get(0).get("score").asDouble() >= first.get(1).get("score").asDouble());
    String[] names = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
    assertEquals(names[first.get(0).get("index").asInt()], first.get(0).get("label").asText());
  }

  @Test
  void resnet18OnPhotosAgreesWithOnnxRuntime(@TempDir Path dir) throws IOException {
    assumeTrue(Files.exists(RESNET), "no " + RESNET + " (../shared beside the checkout)");
    List<Path> files = Photos.write(dir, 4, 2);
    CliTest.Result r = CliTest.cli("classify", RESNET.toString(), dir.toString(), "--batch", "4", "--json");
    assertEquals(0, r.code(), r.err());
    assertSameTop1(files, ortScores(RESNET, files, "imagenet"), new ObjectMapper().readTree(r.out()).get("results"));
  }

  @Test
  void textOutputNamesEachFileAndTheDevice(@TempDir Path dir) throws IOException {
    Path model = smallClassifier(dir);
    List<Path> files = Photos.write(dir, 2, 3);
    CliTest.Result r = CliTest.cli("classify", model.toString(), files.get(0).toString(), files.get(1).toString(),
        "--top", "2", "--preprocess", "mean=0.5,std=0.5");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith(files.get(0) + ":  class "), r.out());
    assertTrue(r.out().contains("2 images on reference"), r.out());
    assertEquals("", r.err(), "no progress bar when stderr is not a terminal");
  }

  @Test
  void runTakesAnImageAsItsInput(@TempDir Path dir) throws IOException {
    Path model = smallClassifier(dir);
    Path photo = Photos.write(dir, 1, 4).get(0);
    Path out = dir.resolve("out");
    CliTest.Result r = CliTest.cli("run", model.toString(), "--input", photo.toString(), "--output-dir",
        out.toString());
    assertEquals(0, r.code(), r.err());
    float[] expected = ortScores(model, List.of(photo), "imagenet").get(0);
    float[] actual = TensorFiles.read(out.resolve("output_0.pb")).floats();
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-4 + 1e-4 * Math.abs(expected[i]), "logit " + i);
    }
  }

  @Test
  void badValuesAreExitTwoWithoutATrace(@TempDir Path dir) throws IOException {
    Path model = smallClassifier(dir);
    Path photo = Photos.write(dir, 1, 5).get(0);
    Path text = Files.writeString(dir.resolve("notes.png"), "not an image");
    String[][] cases = {
      {"--top", "0"}, {"--batch", "-1"}, {"--preprocess", "imagenett"}, {"--size", "32by32"},
      {"--layout", "nchwc"}, {"--labels", dir.resolve("missing.txt").toString()}};
    for (String[] bad : cases) {
      List<String> args = new ArrayList<>(List.of("classify", model.toString(), photo.toString()));
      args.addAll(List.of(bad));
      CliTest.Result r = CliTest.cli(args.toArray(String[]::new));
      assertEquals(2, r.code(), String.join(" ", bad) + ": " + r.err());
      assertTrue(r.err().startsWith("cnnx: "), r.err());
      assertTrue(!r.err().contains("\tat "), r.err());
    }
    CliTest.Result r = CliTest.cli("classify", model.toString(), text.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("notes.png"), r.err());
  }
}
