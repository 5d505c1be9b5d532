package cnnx.spark;

import java.util.Arrays;

/** Array values of Spark rows: Spark's row encoder takes Scala sequences, not Java lists. */
final class Seqs {
  private Seqs() {}

  static scala.collection.immutable.Seq<Object> of(Object[] values) {
    return scala.jdk.javaapi.CollectionConverters.asScala(Arrays.<Object>asList(values)).toList();
  }
}
