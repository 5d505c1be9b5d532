package cnnx.spark;

import org.apache.spark.sql.SparkSession;

/** A Spark session in local mode for one test class, quiet and without a UI. */
final class LocalSpark {
  private LocalSpark() {}

  static SparkSession start(String master) {
    return SparkSession.builder().master(master).appName("cnnx-spark-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }
}
