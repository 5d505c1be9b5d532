package cnnx.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OrtOracle;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cnnx demo} as a user runs it: its accuracy must be ONNX Runtime's on the same images with the training
 * script's preprocessing, and on the full test set also the figure the README states.
 */
class DemoTest {
  private static final Pattern ACCURACY = Pattern.compile("accuracy: ([0-9.]+) % \\((\\d+)/(\\d+) correct\\)");
  private static final Pattern README_FIGURE = Pattern.compile("Fashion-MNIST test accuracy: ([0-9.]+) %");

  @Test
  void accuracyIsOnnxRuntimesAndTheReadmes(@TempDir Path dir) throws IOException {
    DemoImages images = FashionMnist.find(FashionMnist.DEBIAN)
        .orElse(DemoImages.parse(DemoCommand.resource(DemoCommand.IMAGES)));
    int ortCorrect = ortCorrect(images);

    Path grid = dir.resolve("grid.png");
    CliTest.Result r = CliTest.cli("demo", "--grid", grid.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    Matcher m = ACCURACY.matcher(r.out());
    assertTrue(m.find(), r.out());
    assertEquals(images.count(), Integer.parseInt(m.group(3)), r.out());
    int correct = Integer.parseInt(m.group(2));
    // a device may flip a near-tie; 0.1 point is the most the issue allows
    assertTrue(Math.abs(correct - ortCorrect) * 1000 <= images.count(), correct + " vs ONNX Runtime's " + ortCorrect);
    assertTrue(r.out().contains(": PASS") || r.out().contains("ran on the reference itself"), r.out());

    BufferedImage picture = ImageIO.read(grid.toFile());
    assertEquals(8 * 112, picture.getWidth());
    assertEquals(4 * (28 * 3 + 34), picture.getHeight());

    if (images.count() == 10_000) {
      Matcher stated = README_FIGURE.matcher(Files.readString(readme()));
      assertTrue(stated.find(), "the README states the demo's accuracy");
      assertEquals(Double.parseDouble(stated.group(1)), ortCorrect / 100.0, 0.1, "README vs ONNX Runtime");
    }
  }

  @Test
  void fallsBackToTheBundledImagesWithoutTheDataSet(@TempDir Path dir) {
    CliTest.Result r = CliTest.cli("demo", "--data", dir.resolve("none").toString(), "--device", "reference",
        "--grid", dir.resolve("g.png").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("data: 32 images from the 32 bundled images"), r.out());
    assertTrue(Files.exists(dir.resolve("g.png")));
  }

  /**
   * The bundled images as grey PNG files through {@code classify}'s own preprocessing get the labels ONNX Runtime
   * gives the training script's {@code x / 255}: the file path loses nothing (no gamma, no resampling).
   */
  @Test
  void classifyingTheImagesAsPngFilesGivesTheSameLabels(@TempDir Path dir) throws IOException {
    DemoImages images = DemoImages.parse(DemoCommand.resource(DemoCommand.IMAGES));
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < images.count(); i++) {
      BufferedImage png = new BufferedImage(DemoImages.SIDE, DemoImages.SIDE, BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < DemoImages.SIDE; y++) {
        for (int x = 0; x < DemoImages.SIDE; x++) {
          png.getRaster().setSample(x, y, 0, images.pixel(i, y, x));
        }
      }
      Path f = dir.resolve(String.format("img%02d.png", i));
      ImageIO.write(png, "png", f.toFile());
      files.add(f);
    }
    Path model = Files.write(dir.resolve("fashion.onnx"), DemoCommand.resource(DemoCommand.MODEL));
    CliTest.Result r = CliTest.cli("classify", model.toString(), dir.toString(), "--top", "1", "--batch", "32",
        "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode results = new ObjectMapper().readTree(r.out()).get("results");
    float[] probs = ortProbabilities(images);
    for (int i = 0; i < images.count(); i++) {
      assertEquals(files.get(i).toString(), results.get(i).get("file").asText());
      assertEquals(TopK.argmax(probs, i * 10, 10), results.get(i).get("top").get(0).get("index").asInt(), "image " + i);
      assertEquals(probs[i * 10 + TopK.argmax(probs, i * 10, 10)],
          results.get(i).get("top").get(0).get("score").asDouble(), 1e-5, "image " + i);
    }
  }

  /** Images ONNX Runtime classifies right, fed as the training script evaluated them (x / 255, NCHW). */
  private static int ortCorrect(DemoImages images) throws IOException {
    float[] probs = ortProbabilities(images);
    int correct = 0;
    for (int i = 0; i < images.count(); i++) {
      correct += TopK.argmax(probs, i * 10, 10) == images.label(i) ? 1 : 0;
    }
    return correct;
  }

  private static float[] ortProbabilities(DemoImages images) throws IOException {
    float[] x = new float[images.count() * DemoImages.AREA];
    for (int i = 0; i < x.length; i++) {
      x[i] = (images.pixels()[i] & 0xff) / 255f; // as tools/train_fashion_cnn.py evaluates
    }
    return OrtOracle.run(DemoCommand.resource(DemoCommand.MODEL), Map.of("image",
        Tensor.ofFloats(new int[] {images.count(), 1, DemoImages.SIDE, DemoImages.SIDE}, x))).values().iterator()
        .next().floats();
  }

  private static Path readme() {
    Path here = Path.of("").toAbsolutePath();
    return Files.exists(here.resolve("README.md")) && Files.exists(here.resolve("host")) ? here.resolve("README.md")
        : here.getParent().resolve("README.md");
  }
}
