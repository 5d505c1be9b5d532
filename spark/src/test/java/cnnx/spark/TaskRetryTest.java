package cnnx.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.spark.examples.FashionImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device error in one partition fails that task; Spark's own task retry ({@code local[2,3]}: up to 3 attempts)
 * runs the partition again, and the job's rows are exactly the input's, none lost or duplicated, with the
 * predictions of a single-process run.
 */
class TaskRetryTest {
  private static SparkSession spark;
  private static Path onnx;
  private static final List<String> FAILED = new CopyOnWriteArrayList<>();

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() throws IOException {
    spark = LocalSpark.start("local[2,3]");
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.reason() instanceof ExceptionFailure f) {
          FAILED.add("partition " + end.taskInfo().partitionId() + " attempt " + end.taskInfo().attemptNumber()
              + ": " + f.description());
        }
      }
    });
    onnx = dir.resolve("fashion-cnn.onnx");
    Files.write(onnx, FashionImages.resource(FashionImages.MODEL));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void aPartitionThatHitsADeviceErrorIsRetriedWithNoRowLostOrDuplicated() throws Exception {
    int copies = 2;
    List<Row> rows = ScoreLocalModeTest.byId(CnnxSpark.score(FashionImages.frame(spark, copies, 4), "pixels", onnx,
        ScoreOptions.defaults().withBatchSize(4).withInjectedDeviceFault(1)));
    spark.sparkContext().listenerBus().waitUntilEmpty();
    assertEquals(1, FAILED.size(), FAILED.toString());
    assertTrue(FAILED.get(0).startsWith("partition 1 attempt 0: "), FAILED.get(0));
    assertTrue(FAILED.get(0).contains("injected device fault"), FAILED.get(0));

    SingleProcess.Run api = SingleProcess.reference(copies);
    int n = SingleProcess.imageCount() * copies;
    assertEquals(n, rows.size(), "every row once");
    for (int i = 0; i < n; i++) {
      assertEquals(i, rows.get(i).<Integer>getAs("id"), "ids 0.." + (n - 1) + " each once");
      assertEquals(api.argmax(i), rows.get(i).<Integer>getAs("prediction"), "image " + i);
    }
  }
}
