package cnnx.spark;

import cnnx.api.CnnxException;
import cnnx.api.Result;
import cnnx.api.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Scores one partition on an executor: rows in batches of the run's size through this JVM's cached session, each
 * row out as its own values followed by its predictions and provenance. Lazy: one batch is held at a time. A
 * failure is a {@link CnnxException} that fails the task, and Spark's task retry runs the partition again from its
 * first row; a device failure also drops the session, so the retry opens the device afresh.
 */
final class ScorePartition implements MapPartitionsFunction<Row, Row> {
  private final Broadcast<ShippedModel> model;
  private final ScoreOptions options;
  private final ImageColumn images;
  private final ImageShape shape;
  private final int batch;
  private final String input;

  ScorePartition(Broadcast<ShippedModel> model, ScoreOptions options, ImageColumn images, ImageShape shape, int batch,
      String input) {
    this.model = model;
    this.options = options;
    this.images = images;
    this.shape = shape;
    this.batch = batch;
    this.input = input;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    return new Iterator<>() {
      private final ArrayDeque<Row> ready = new ArrayDeque<>();
      private int batches;

      @Override
      public boolean hasNext() {
        if (ready.isEmpty() && rows.hasNext()) {
          ready.addAll(score(rows, batches++));
        }
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }
    };
  }

  /** Takes up to one batch of rows and returns them scored; a short last batch is padded with zero images. */
  private List<Row> score(Iterator<Row> rows, int index) {
    List<Row> in = new ArrayList<>(batch);
    float[] pixels = new float[batch * shape.size()];
    while (in.size() < batch && rows.hasNext()) {
      Row r = rows.next();
      images.read(r, shape, options, pixels, in.size() * shape.size());
      in.add(r);
    }
    injectFault(index, rows.hasNext());
    ShippedModel shipped = model.value();
    SessionCache.Entry entry = SessionCache.get(shipped, options, batch);
    Tensor feed = Tensor.ofFloats(shape.dims(batch), pixels);
    Result result;
    try {
      result = entry.session().run(Map.of(input, feed));
    } catch (CnnxException e) {
      if (e.kind() == CnnxException.Kind.DEVICE) {
        SessionCache.drop(shipped, options, batch, entry);
      }
      throw e;
    }
    float[] out = result.output(0).floats();
    if (out.length % batch != 0) {
      throw new CnnxException(CnnxException.Kind.UNSUPPORTED, "the model's first output has " + out.length
          + " values for a batch of " + batch + ": scoring needs one slice per image");
    }
    int per = out.length / batch;
    List<Object> provenance = OutputColumns.provenance(result.provenance(), entry.fallbackFrom(), shipped.hash());
    List<Row> scored = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      Row r = in.get(i);
      List<Object> values = new ArrayList<>(r.length() + 12);
      for (int c = 0; c < r.length(); c++) {
        values.add(r.get(c));
      }
      values.addAll(Predictions.columns(out, i * per, per, options));
      values.addAll(provenance);
      scored.add(RowFactory.create(values.toArray()));
    }
    return scored;
  }

  /**
   * Test only: fails the first attempt of the chosen partition at its second batch (its first when it has one), so
   * that rows of the failed attempt were already handed to Spark and must be discarded with it.
   */
  private void injectFault(int index, boolean more) {
    TaskContext task = TaskContext.get();
    if (options.faultPartition() < 0 || task == null || task.partitionId() != options.faultPartition()
        || task.attemptNumber() != 0 || (index == 0 && more)) {
      return;
    }
    throw new CnnxException(CnnxException.Kind.DEVICE, "injected device fault: partition " + task.partitionId()
        + ", attempt " + task.attemptNumber() + ", batch " + index);
  }
}
