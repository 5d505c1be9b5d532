package cnnx.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cnnx.api.Cnnx;
import cnnx.api.CnnxException;
import cnnx.api.CompileOptions;
import cnnx.api.CompiledModel;
import cnnx.spark.examples.FashionImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled Fashion-MNIST images scored by a Spark job in local mode ({@code local[2]}) give exactly the
 * predictions of a single-process API run, on the reference device and, where OpenCL is present, from a plan.
 */
class ScoreLocalModeTest {
  private static SparkSession spark;
  private static Path onnx;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() throws IOException {
    spark = LocalSpark.start("local[2]");
    onnx = dir.resolve("fashion-cnn.onnx");
    Files.write(onnx, FashionImages.resource(FashionImages.MODEL));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** The rows in id order, sorted here: Spark's orderBy would score every partition twice (sample, then sort). */
  static List<Row> byId(Dataset<Row> scored) {
    List<Row> rows = new java.util.ArrayList<>(scored.collectAsList());
    rows.sort(java.util.Comparator.comparingInt(r -> r.<Integer>getAs("id")));
    return rows;
  }

  @Test
  void theReferenceDeviceGivesTheSingleProcessPredictions() {
    SingleProcess.Run api = SingleProcess.reference(1);
    int n = SingleProcess.imageCount();
    List<Row> rows = byId(CnnxSpark.score(FashionImages.frame(spark, 1, 4), "pixels", onnx,
        ScoreOptions.defaults().withBatchSize(5).withTopK(3)));
    assertEquals(n, rows.size());
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      assertEquals(i, r.<Integer>getAs("id"));
      assertEquals(api.argmax(i), r.<Integer>getAs("prediction"), "image " + i);
      int[] top = Predictions.topK(api.outputs()[i], 0, 10, 3);
      List<Integer> indices = r.getList(r.fieldIndex("top_indices"));
      List<Float> scores = r.getList(r.fieldIndex("top_scores"));
      for (int k = 0; k < 3; k++) {
        assertEquals(top[k], indices.get(k), "image " + i + " rank " + k);
        assertEquals(api.outputs()[i][top[k]], scores.get(k), 1e-6f, "image " + i + " rank " + k);
      }
      assertEquals("reference", r.getAs("cnnx_device"));
      assertNull(r.getAs("cnnx_kernel_hash"), "the reference runs no kernels");
      assertNull(r.getAs("cnnx_fallback"));
      assertTrue(r.<Boolean>getAs("cnnx_verified"), "the reference's results are the reference");
      assertNotNull(r.getAs("cnnx_host"));
    }
  }

  @Test
  void rawOutputIsTheSingleProcessOutput() {
    SingleProcess.Run api = SingleProcess.reference(1);
    List<Row> rows = byId(CnnxSpark.score(FashionImages.frame(spark, 1, 3), "pixels", onnx,
        ScoreOptions.defaults().withRawOutput()));
    for (int i = 0; i < rows.size(); i++) {
      List<Float> out = rows.get(i).getList(rows.get(i).fieldIndex("output"));
      float[] got = new float[out.size()];
      for (int k = 0; k < got.length; k++) {
        got[k] = out.get(k);
      }
      assertArrayEquals(api.outputs()[i], got, 1e-6f, "image " + i);
    }
  }

  @Test
  void anExecutorOpensItsSessionOnceForAllPartitions() {
    ScoreOptions options = ScoreOptions.defaults().withBatchSize(7);
    CnnxSpark.score(FashionImages.frame(spark, 1, 4), "pixels", onnx, options).count();
    int opened = SessionCache.openedCount();
    long rows = CnnxSpark.score(FashionImages.frame(spark, 2, 6), "pixels", onnx, options).count();
    assertEquals(2L * SingleProcess.imageCount(), rows);
    assertEquals(opened, SessionCache.openedCount(), "the second job's 6 partitions reuse the first job's session");
  }

  @Test
  void imageDataSourceRowsScoreAsTheirFloats() {
    List<Row> floats = byId(CnnxSpark.score(FashionImages.frame(spark, 1, 2), "pixels", onnx,
        ScoreOptions.defaults().withRawOutput()));
    List<Row> images = byId(CnnxSpark.score(ImageRows.fashion(spark, false), "image", onnx,
        ScoreOptions.defaults().withRawOutput()));
    List<Row> colour = byId(CnnxSpark.score(ImageRows.fashion(spark, true), "image", onnx,
        ScoreOptions.defaults().withRawOutput()));
    assertEquals(floats.size(), images.size());
    for (int i = 0; i < floats.size(); i++) {
      assertEquals(floats.get(i).getList(floats.get(i).fieldIndex("output")),
          images.get(i).getList(images.get(i).fieldIndex("output")), "image " + i);
      // grey in three equal BGR channels: luma weights sum to 1, within float rounding
      List<Float> a = floats.get(i).getList(floats.get(i).fieldIndex("output"));
      List<Float> b = colour.get(i).getList(colour.get(i).fieldIndex("output"));
      for (int k = 0; k < a.size(); k++) {
        assertEquals(a.get(k), b.get(k), 1e-4f, "colour image " + i);
      }
    }
  }

  @Test
  void anOpenClPlanGivesTheSingleProcessPredictionsOfThatPlan() {
    assumeTrue(Cnnx.devices().stream().anyMatch(d -> d.id().startsWith("opencl")),
        () -> "skipped: no OpenCL device here " + Cnnx.unavailableDevices());
    Path planFile = dir.resolve("fashion-b8.cnnxplan");
    Cnnx.load(onnx).compile(CompileOptions.forDevice("opencl").withBatch(8)).save(planFile);
    CompiledModel plan = Cnnx.loadPlan(planFile);
    SingleProcess.Run api = SingleProcess.plan(plan, "opencl", 8, 1);
    List<Row> rows = byId(CnnxSpark.score(FashionImages.frame(spark, 1, 3), "pixels", planFile,
        ScoreOptions.defaults().withDevice("opencl")));
    assertEquals(SingleProcess.imageCount(), rows.size());
    Set<String> kernels = rows.stream().map(r -> r.<String>getAs("cnnx_kernel_hash")).collect(Collectors.toSet());
    assertEquals(1, kernels.size(), "every batch ran the same kernels");
    assertNotNull(kernels.iterator().next());
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      assertEquals(api.argmax(i), r.<Integer>getAs("prediction"), "image " + i);
      assertEquals(api.outputs()[i][api.argmax(i)], r.<Float>getAs("score"), "image " + i + ": bitwise, one plan");
      assertTrue(r.<String>getAs("cnnx_device").startsWith("opencl"), r.<String>getAs("cnnx_device"));
    }
  }

  @Test
  void anExecutorWithoutTheDeviceFailsClearlyUnlessAFallbackIsNamed() {
    Exception e = assertThrows(Exception.class, () -> CnnxSpark.score(FashionImages.frame(spark, 1, 2), "pixels",
        onnx, ScoreOptions.defaults().withDevice("opencl:97")).count());
    String all = messages(e);
    assertTrue(all.contains("cannot open device opencl:97"), all);
    assertTrue(all.contains("withFallback"), all);

    List<Row> rows = byId(CnnxSpark.score(FashionImages.frame(spark, 1, 2), "pixels", onnx,
        ScoreOptions.defaults().withDevice("opencl:97").withFallback("reference")));
    SingleProcess.Run api = SingleProcess.reference(1);
    assertEquals(SingleProcess.imageCount(), rows.size());
    for (int i = 0; i < rows.size(); i++) {
      assertEquals("reference", rows.get(i).getAs("cnnx_device"));
      assertTrue(rows.get(i).<String>getAs("cnnx_fallback").startsWith("opencl:97: "),
          rows.get(i).<String>getAs("cnnx_fallback"));
      assertEquals(api.argmax(i), rows.get(i).<Integer>getAs("prediction"));
    }
  }

  @Test
  void mistakesAreRefusedOnTheDriverBeforeAnyTask() {
    Dataset<Row> df = FashionImages.frame(spark, 1, 2);
    CnnxException column = assertThrows(CnnxException.class,
        () -> CnnxSpark.score(df, "pixel", onnx, ScoreOptions.defaults()));
    assertEquals(CnnxException.Kind.INVALID, column.kind());
    CnnxException type = assertThrows(CnnxException.class,
        () -> CnnxSpark.score(df, "label", onnx, ScoreOptions.defaults()));
    assertEquals(CnnxException.Kind.INVALID, type.kind());
    CnnxException clash = assertThrows(CnnxException.class, () -> CnnxSpark.score(
        df.withColumnRenamed("label", "prediction"), "pixels", onnx, ScoreOptions.defaults()));
    assertTrue(clash.getMessage().contains("'prediction'"), clash.getMessage());
    Path plan = dir.resolve("fashion-b4.cnnxplan");
    Cnnx.load(onnx).compile(CompileOptions.forTarget("intel/xeon-8380").withBatch(4)).save(plan);
    CnnxException batch = assertThrows(CnnxException.class,
        () -> CnnxSpark.score(df, "pixels", plan, ScoreOptions.defaults().withBatchSize(16)));
    assertTrue(batch.getMessage().contains("compiled for batch 4"), batch.getMessage());
  }

  @Test
  void openClThroughputBesideTheSingleProcessRun() {
    assumeTrue(Cnnx.devices().stream().anyMatch(d -> d.id().startsWith("opencl")),
        () -> "skipped: no OpenCL device here " + Cnnx.unavailableDevices());
    int copies = 32;
    int batch = 32;
    Path planFile = dir.resolve("fashion-b32.cnnxplan");
    Cnnx.load(onnx).compile(CompileOptions.forDevice("opencl").withBatch(batch)).save(planFile);
    ScoreOptions options = ScoreOptions.defaults().withDevice("opencl").withTopK(1);
    Dataset<Row> images = FashionImages.frame(spark, copies, 4).cache();
    long n = images.count();
    CnnxSpark.score(images, "pixels", planFile, options).count(); // opens the executor's session
    long t0 = System.nanoTime();
    List<Row> rows = byId(CnnxSpark.score(images, "pixels", planFile, options).select("id", "prediction"));
    double spark = (System.nanoTime() - t0) / 1e9;
    SingleProcess.Run api = SingleProcess.plan(Cnnx.loadPlan(planFile), "opencl", batch, copies);
    for (int i = 0; i < n; i++) {
      assertEquals(api.argmax(i), rows.get(i).<Integer>getAs("prediction"), "image " + i);
    }
    System.out.printf("throughput, OpenCL plan, %d images, batch %d: Spark local[2], 4 partitions %.0f images/s"
        + " (%.2f s, job overhead included); single process, one session %.0f images/s (%.2f s)%n", n, batch,
        n / spark, spark, n / api.seconds(), api.seconds());
  }

  @Test
  void throughputBesideTheSingleProcessRun() {
    int copies = 16;
    int batch = 32;
    ScoreOptions options = ScoreOptions.defaults().withBatchSize(batch).withTopK(1);
    Dataset<Row> images = FashionImages.frame(spark, copies, 4).cache();
    long n = images.count();
    CnnxSpark.score(images, "pixels", onnx, options).count(); // opens the executor's session, as a first job would
    long t0 = System.nanoTime();
    List<Row> rows = byId(CnnxSpark.score(images, "pixels", onnx, options).select("id", "prediction"));
    double spark = (System.nanoTime() - t0) / 1e9;
    SingleProcess.Run api = SingleProcess.reference(batch, copies);
    assertEquals(n, rows.size());
    for (int i = 0; i < n; i++) {
      assertEquals(api.argmax(i), rows.get(i).<Integer>getAs("prediction"), "image " + i);
    }
    System.out.printf("throughput, reference device, %d images, batch %d: Spark local[2], 4 partitions %.0f images/s"
        + " (%.2f s, job overhead included); single process, one session %.0f images/s (%.2f s)%n", n, batch,
        n / spark, spark, n / api.seconds(), api.seconds());
  }

  static String messages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append('\n');
    }
    return sb.toString();
  }
}
