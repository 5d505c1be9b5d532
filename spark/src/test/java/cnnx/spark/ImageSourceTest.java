package cnnx.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cnnx.api.Cnnx;
import cnnx.api.CompileOptions;
import cnnx.api.Images;
import cnnx.api.Model;
import cnnx.api.Preprocessing;
import cnnx.api.Session;
import cnnx.api.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.SharedData;
import cnnx.spark.examples.FashionImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PNG files read by Spark's own image data source ({@code spark.read().format("image")}: BGR(A) or grey bytes) score
 * as {@code cnnx run --input FILE} scores the same files in one process (the API calls its image inputs make): the
 * grey Fashion-MNIST test images with the bundled model, and colour images of several sizes, with and without alpha,
 * with an RGB model (resize, center crop, ImageNet normalisation), and colour images for a channels-last (NHWC) input.
 */
class ImageSourceTest {
  private static SparkSession spark;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void greyFashionPngsScoreAsTheSingleProcessRunOfTheSameFiles() throws IOException {
    Path onnx = dir.resolve("fashion-cnn.onnx");
    Files.write(onnx, FashionImages.resource(FashionImages.MODEL));
    Path pngs = Files.createDirectories(dir.resolve("fashion"));
    float[] pixels = SingleProcess.pixels(1);
    int side = FashionImages.SIDE;
    int n = SingleProcess.imageCount();
    for (int i = 0; i < n; i++) {
      BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
      for (int p = 0; p < side * side; p++) {
        img.getRaster().setSample(p % side, p / side, 0, Math.round(pixels[i * side * side + p] * 255));
      }
      Images.writePng(img, pngs.resolve(String.format("%03d.png", i)));
    }
    Map<String, float[]> spark = scoredByFile(pngs, onnx, 8);
    Map<String, float[]> single = singleProcess(pngs, onnx);
    SingleProcess.Run bundled = SingleProcess.reference(1);
    assertEquals(n, spark.size());
    for (int i = 0; i < n; i++) {
      String file = String.format("%03d.png", i);
      assertArrayEquals(single.get(file), spark.get(file), 1e-6f, file);
      assertEquals(argmax(single.get(file)), argmax(spark.get(file)), file);
      assertEquals(bundled.argmax(i), argmax(spark.get(file)), file + ": as the bundled floats score");
    }
  }

  @Test
  void colourPngsScoreAsTheSingleProcessRunOfTheSameFiles() throws IOException {
    Path root = SharedData.root();
    assumeTrue(root != null, SharedData::absentReason);
    Path onnx = root.resolve("onnx-models/cbrp_small/model.onnx"); // input N x 3 x 32 x 32, RGB
    Path pngs = Files.createDirectories(dir.resolve("colour"));
    Random random = new Random(7);
    int[][] sizes = {{32, 32}, {40, 36}, {37, 64}, {90, 45}, {33, 33}, {50, 70}};
    for (int i = 0; i < 12; i++) {
      int w = sizes[i % sizes.length][0];
      int h = sizes[i % sizes.length][1];
      int type = i % 4 == 3 ? BufferedImage.TYPE_INT_ARGB : i % 4 == 2 ? BufferedImage.TYPE_BYTE_GRAY
          : BufferedImage.TYPE_INT_RGB;
      BufferedImage img = new BufferedImage(w, h, type);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          // smooth colour gradients with noise: each channel differs, so a swapped channel order shows
          int r = Math.min(255, x * 255 / w + random.nextInt(24));
          int g = Math.min(255, y * 255 / h + random.nextInt(24));
          int b = random.nextInt(256);
          img.setRGB(x, y, (128 + random.nextInt(128)) << 24 | r << 16 | g << 8 | b);
        }
      }
      Images.writePng(img, pngs.resolve(String.format("%02d.png", i)));
    }
    List<Integer> channels = spark.read().format("image").load(pngs.toString()).select("image.nChannels")
        .distinct().as(org.apache.spark.sql.Encoders.INT()).collectAsList();
    assertEquals(List.of(1, 3, 4), channels.stream().sorted().toList(), "grey, BGR and BGRA rows");
    Map<String, float[]> spark = scoredByFile(pngs, onnx, 4);
    Map<String, float[]> single = singleProcess(pngs, onnx);
    assertEquals(12, spark.size());
    for (var e : single.entrySet()) {
      assertArrayEquals(e.getValue(), spark.get(e.getKey()), 1e-6f, e.getKey());
      assertEquals(argmax(e.getValue()), argmax(spark.get(e.getKey())), e.getKey());
    }
  }

  @Test
  void aChannelsLastModelGetsItsImagesLaidOutAsCnnxRunLaysThemOut() throws IOException {
    // NHWC input (as cnnx run finds it: 3 channels last); the model transposes to NCHW, so its output is the
    // preprocessed image itself, plane by plane
    Path onnx = dir.resolve("nhwc.onnx");
    Files.write(onnx, new OnnxModelBuilder().input("x", 2, 6, 5, 3)
        .node("Transpose", OnnxModelBuilder.names("x"), OnnxModelBuilder.names("y"),
            OnnxModelBuilder.attrInts("perm", 0, 3, 1, 2))
        .output("y").build().toByteArray());
    Path pngs = Files.createDirectories(dir.resolve("nhwc"));
    Random random = new Random(11);
    for (int i = 0; i < 5; i++) {
      BufferedImage img = new BufferedImage(7 + i, 6 + 2 * i, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < img.getHeight(); y++) {
        for (int x = 0; x < img.getWidth(); x++) {
          img.setRGB(x, y, random.nextInt(1 << 24));
        }
      }
      Images.writePng(img, pngs.resolve(i + ".png"));
    }
    Model model = Cnnx.load(onnx);
    Preprocessing p = Images.preprocessingFor(model, "x", "imagenet", null, null);
    assertEquals(Preprocessing.Layout.NHWC, p.layout());
    Map<String, float[]> spark = scoredByFile(pngs, onnx, 2);
    assertEquals(5, spark.size());
    try (Session s = model.compile(CompileOptions.forDevice("reference")).newSession()) {
      for (int i = 0; i < 5; i++) {
        BufferedImage img = Images.read(pngs.resolve(i + ".png"));
        float[] both = s.run(Map.of("x", Tensor.fromImages(List.of(img, img), p))).output(0).floats();
        assertArrayEquals(java.util.Arrays.copyOf(both, both.length / 2), spark.get(i + ".png"), 1e-6f, i + ".png");
      }
    }
  }

  /** Each file's raw output from Spark's image rows, by file name. */
  private static Map<String, float[]> scoredByFile(Path pngs, Path onnx, int batch) {
    List<Row> rows = CnnxSpark.score(spark.read().format("image").load(pngs.toString()).repartition(3), "image",
        onnx, ScoreOptions.defaults().withBatchSize(batch).withRawOutput())
        .select("image.origin", "output").collectAsList();
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Row r : rows) {
      String origin = r.getString(0);
      List<Float> values = r.getList(1);
      float[] v = new float[values.size()];
      for (int k = 0; k < v.length; k++) {
        v[k] = values.get(k);
      }
      assertTrue(out.put(origin.substring(origin.lastIndexOf('/') + 1), v) == null, "one row per file: " + origin);
    }
    return out;
  }

  /** What {@code cnnx run model.onnx --input FILE} computes for each file, with its default image options. */
  private static Map<String, float[]> singleProcess(Path pngs, Path onnx) throws IOException {
    Model model = Cnnx.load(onnx);
    String input = model.inputs().get(0).name();
    Preprocessing probe = Images.preprocessingFor(model, input, "none", null, null);
    Preprocessing p = Images.preprocessingFor(model, input, probe.channels() == 3 ? "imagenet" : "none", null, null);
    Map<String, float[]> out = new LinkedHashMap<>();
    try (var files = Files.list(pngs);
        Session s = model.compile(CompileOptions.forDevice("reference").withBatch(1)).newSession()) {
      for (Path f : files.sorted().toList()) {
        out.put(f.getFileName().toString(), s.run(Map.of(input, Tensor.fromImage(Images.read(f), p))).output(0)
            .floats());
      }
    }
    return out;
  }

  private static int argmax(float[] v) {
    return Predictions.topK(v, 0, v.length, 1)[0];
  }
}
