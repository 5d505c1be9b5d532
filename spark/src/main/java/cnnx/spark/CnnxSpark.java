package cnnx.spark;

import cnnx.api.CnnxException;
import cnnx.api.CompiledModel;
import cnnx.api.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Batch inference with cnnx in a Spark job: {@code score} returns the rows of a DataFrame with each row's image
 * classified, plus where the result came from.
 *
 * <pre>{@code
 * Dataset<Row> images = spark.read().format("image").load("hdfs:///images/");
 * Dataset<Row> scored = CnnxSpark.score(images, "image", Path.of("model.cnnxplan"),
 *     ScoreOptions.defaults().withDevice("opencl").withTopK(3));
 * }</pre>
 *
 * <p>The driver reads the plan (or, for the reference device, the ONNX model) and broadcasts its bytes; each
 * executor opens its device once and reuses one session per model and device for all its partitions and tasks.
 * The plan fixes the batch size; the options choose the device, a fallback device, top-k or raw output,
 * labels and preprocessing. Every failure is a {@link CnnxException}: on the driver before the job starts (a bad
 * column, plan or option), or in a task (a device error, which Spark's task retry runs again; an executor whose
 * device cannot be opened and no fallback named).
 */
public final class CnnxSpark {
  private CnnxSpark() {}

  /** Scores with a saved plan ({@code cnnx compile -o}) or an ONNX model (run on the reference or compiled on each executor). */
  public static Dataset<Row> score(Dataset<Row> df, String imageColumn, Path planOrModel, ScoreOptions options) {
    return score(df, imageColumn, ShippedModel.read(planOrModel), options);
  }

  /**
   * Scores with a saved plan, keeping the ONNX model for a fallback device that runs models directly
   * ({@code withFallback("reference")}).
   */
  public static Dataset<Row> score(Dataset<Row> df, String imageColumn, Path plan, Path onnxForFallback,
      ScoreOptions options) {
    return score(df, imageColumn, ShippedModel.of(ShippedModel.readAll(plan), ShippedModel.readAll(onnxForFallback),
        plan.toString()), options);
  }

  /** Scores with a model compiled here for an OpenCL device or target: its plan is what ships. */
  public static Dataset<Row> score(Dataset<Row> df, String imageColumn, CompiledModel compiled, ScoreOptions options) {
    Path tmp = null;
    try {
      tmp = Files.createTempFile("cnnx-", ".cnnxplan");
      compiled.save(tmp);
      return score(df, imageColumn, ShippedModel.of(Files.readAllBytes(tmp), null, "compiled for "
          + compiled.target()), options);
    } catch (IOException e) {
      throw new CnnxException(CnnxException.Kind.INVALID, "cannot stage the plan: " + e.getMessage(), e);
    } finally {
      if (tmp != null && !tmp.toFile().delete()) {
        tmp.toFile().deleteOnExit();
      }
    }
  }

  private static Dataset<Row> score(Dataset<Row> df, String imageColumn, ShippedModel model, ScoreOptions options) {
    ImageColumn images = ImageColumn.of(df.schema(), imageColumn);
    CompiledModel described = model.describe();
    List<TensorInfo> inputs = described.inputs();
    if (inputs.size() != 1) {
      throw new CnnxException(CnnxException.Kind.UNSUPPORTED, model.name() + " takes " + inputs.size()
          + " inputs; scoring feeds one image input");
    }
    ImageShape shape = ImageShape.of(inputs.get(0));
    int batch = shape.batchFor(options);
    options.preprocessing(shape); // a bad --preprocess spec is refused here, not in every task
    StructType schema = OutputColumns.schema(df.schema(), options);
    Broadcast<ShippedModel> shipped = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext())
        .broadcast(model);
    return df.mapPartitions(new ScorePartition(shipped, options, images, shape, batch, inputs.get(0).name()),
        Encoders.row(schema));
  }
}
