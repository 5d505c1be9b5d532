package cnnx.spark.examples;

import cnnx.api.CnnxException;
import cnnx.spark.CnnxSpark;
import cnnx.spark.ScoreOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkFiles;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The example job: scores the bundled Fashion-MNIST test images with the bundled CNN, or with a plan compiled from
 * it, and prints accuracy, provenance and throughput. See the README for the {@code spark-submit} command.
 *
 * <pre>
 * FashionMnistJob [--plan FILE] [--device D] [--fallback D] [--copies N] [--partitions N] [--output DIR]
 * </pre>
 * Without {@code --plan} the bundled ONNX model ships and runs on {@code --device} (default: reference). With
 * {@code --output} the scored rows ({@code id, truth, prediction, label, score} and the provenance) are written
 * there as CSV files with a header, by Spark's writer (a local folder, or any storage the cluster writes to).
 */
public final class FashionMnistJob {
  private FashionMnistJob() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("cnnx-fashion-mnist").getOrCreate();
    try {
      run(spark, args, System.out);
    } catch (CnnxException e) {
      System.err.println("cnnx: " + e.getMessage());
      spark.stop();
      System.exit(e.exitCode());
    }
    spark.stop();
  }

  /** Runs the job on {@code spark}; returns the scored rows. */
  public static Dataset<Row> run(SparkSession spark, String[] args, PrintStream out) {
    Path plan = null;
    String output = null;
    ScoreOptions options = ScoreOptions.defaults().withTopK(3).withLabels(FashionImages.CLASSES);
    int copies = 1;
    int partitions = spark.sparkContext().defaultParallelism();
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (value == null) {
        throw new CnnxException(CnnxException.Kind.INVALID, args[i] + " needs a value");
      }
      switch (args[i++]) {
        case "--plan" -> plan = located(value);
        case "--device" -> options = options.withDevice(value);
        case "--fallback" -> options = options.withFallback(value);
        case "--copies" -> copies = positive(args[i - 1], value);
        case "--partitions" -> partitions = positive(args[i - 1], value);
        case "--output" -> output = value;
        default -> throw new CnnxException(CnnxException.Kind.INVALID, "unknown option " + args[i - 1]
            + "; expected --plan, --device, --fallback, --copies, --partitions, --output");
      }
    }
    Dataset<Row> images = FashionImages.frame(spark, copies, partitions).cache();
    long n = images.count();
    long t0 = System.nanoTime();
    Dataset<Row> scored = CnnxSpark.score(images.withColumnRenamed("label", "truth"), "pixels",
        plan != null ? plan : bundledModel(), options).drop("pixels").cache();
    long correct = scored.filter(functions.col("prediction").equalTo(functions.col("truth"))).count();
    double s = (System.nanoTime() - t0) / 1e9;
    scored.orderBy("id").select("id", "truth", "label", "score", "top_labels", "cnnx_device").show(10, false);
    scored.groupBy("cnnx_host", "cnnx_device", "cnnx_kernel_hash", "cnnx_verified", "cnnx_fallback").count()
        .show(false);
    out.printf("%d/%d correct; %d images in %.2f s (%.0f images/s) on %d partitions%n", correct, n, n, s, n / s,
        partitions);
    if (output != null) {
      scored.select("id", "truth", "prediction", "label", "score", "cnnx_host", "cnnx_device", "cnnx_kernel_hash",
          "cnnx_verified", "cnnx_fallback").write().mode(SaveMode.Overwrite).option("header", true).csv(output);
      out.println("scored rows written to " + output);
    }
    return scored;
  }

  /** A path on the driver, or the name of a file shipped with {@code spark-submit --files}. */
  private static Path located(String plan) {
    Path p = Path.of(plan);
    if (!Files.exists(p) && p.getFileName() != null) {
      Path shipped = Path.of(SparkFiles.get(p.getFileName().toString()));
      if (Files.exists(shipped)) {
        return shipped;
      }
    }
    return p;
  }

  private static int positive(String option, String value) {
    try {
      int v = Integer.parseInt(value);
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CnnxException(CnnxException.Kind.INVALID, option + " takes a positive number, got '" + value + "'");
  }

  /** The bundled ONNX model, staged as a file as the driver would read one. */
  private static Path bundledModel() {
    try {
      Path f = Files.createTempFile("fashion-cnn-", ".onnx");
      f.toFile().deleteOnExit();
      Files.write(f, FashionImages.resource(FashionImages.MODEL));
      return f;
    } catch (IOException e) {
      throw new CnnxException(CnnxException.Kind.INVALID, "cannot stage the bundled model: " + e.getMessage(), e);
    }
  }
}
