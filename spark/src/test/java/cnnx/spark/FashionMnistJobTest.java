package cnnx.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.api.CnnxException;
import cnnx.spark.examples.FashionMnistJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The README's example job runs and reports the accuracy a single-process run of the bundled model has. */
class FashionMnistJobTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void theExampleJobScoresTheBundledImages() {
    SingleProcess.Run api = SingleProcess.reference(1);
    int correct = 0;
    for (int i = 0; i < api.outputs().length; i++) {
      correct += api.argmax(i) == api.labels()[i] ? 1 : 0;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    java.util.List<Row> rows = FashionMnistJob.run(spark, new String[] {"--partitions", "3"},
        new PrintStream(bytes, true, StandardCharsets.UTF_8)).collectAsList();
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.startsWith(correct + "/" + api.outputs().length + " correct"), out);
    assertEquals(api.outputs().length, rows.size());
  }

  @Test
  void aBadArgumentIsATypedError() {
    CnnxException e = assertThrows(CnnxException.class,
        () -> FashionMnistJob.run(spark, new String[] {"--copies", "0"}, System.out));
    assertEquals(CnnxException.Kind.INVALID, e.kind());
  }
}
