package cnnx.spark;

import java.util.ArrayList;
import java.util.List;

/** The prediction columns of one image from its slice of the output tensor: top-k classes, or the raw values. */
final class Predictions {
  private Predictions() {}

  /** Indices of the k largest scores, largest first; ties go to the lower index (as an argmax does). */
  static int[] topK(float[] out, int from, int classes, int k) {
    int n = Math.min(k, classes);
    int[] best = new int[n];
    boolean[] taken = new boolean[classes];
    for (int r = 0; r < n; r++) {
      int b = -1;
      for (int c = 0; c < classes; c++) {
        if (!taken[c] && (b < 0 || out[from + c] > out[from + b] || Float.isNaN(out[from + b]) && !Float.isNaN(out[from + c]))) {
          b = c;
        }
      }
      taken[b] = true;
      best[r] = b;
    }
    return best;
  }

  /** The values of the columns {@link OutputColumns} declares, for the image at {@code from} in {@code out}. */
  static List<Object> columns(float[] out, int from, int classes, ScoreOptions options) {
    List<Object> values = new ArrayList<>(4);
    if (options.topK() == 0) {
      float[] raw = new float[classes];
      System.arraycopy(out, from, raw, 0, classes);
      values.add(boxed(raw));
      return values;
    }
    int[] idx = topK(out, from, classes, options.topK());
    Integer[] indices = new Integer[idx.length];
    Float[] scores = new Float[idx.length];
    String[] names = new String[idx.length];
    for (int r = 0; r < idx.length; r++) {
      indices[r] = idx[r];
      scores[r] = out[from + idx[r]];
      names[r] = idx[r] < options.labels().size() ? options.labels().get(idx[r]) : null;
    }
    values.add(idx[0]);
    values.add(scores[0]);
    values.add(Seqs.of(indices));
    values.add(Seqs.of(scores));
    if (!options.labels().isEmpty()) {
      values.add(names[0]);
      values.add(Seqs.of(names));
    }
    return values;
  }

  private static Object boxed(float[] raw) {
    Float[] b = new Float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      b[i] = raw[i];
    }
    return Seqs.of(b);
  }
}
