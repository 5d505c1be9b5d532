package cnnx.host.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** The best-scoring classes of one image. */
final class TopK {
  /** One class: its index, label and score (a probability). */
  record Entry(int index, String label, double score) {}

  private TopK() {}

  /**
   * The {@code k} best of {@code classes} scores starting at {@code from}, best first, ties to the lower index.
   * Scores that are not already a probability distribution (logits, as most exported classifiers give) go through
   * a softmax first, so that what is printed is always a probability.
   */
  static List<Entry> of(float[] scores, int from, int classes, int k, Labels labels) {
    double[] p = new double[classes];
    double sum = 0;
    boolean distribution = true;
    for (int i = 0; i < classes; i++) {
      p[i] = scores[from + i];
      sum += p[i];
      distribution &= p[i] >= 0 && p[i] <= 1;
    }
    if (!distribution || Math.abs(sum - 1) > 1e-3) {
      double max = IntStream.range(0, classes).mapToDouble(i -> p[i]).max().orElse(0);
      double total = 0;
      for (int i = 0; i < classes; i++) {
        p[i] = Math.exp(p[i] - max);
        total += p[i];
      }
      for (int i = 0; i < classes; i++) {
        p[i] /= total;
      }
    }
    List<Integer> order = new ArrayList<>(IntStream.range(0, classes).boxed().toList());
    order.sort(Comparator.<Integer>comparingDouble(i -> -p[i]).thenComparing(i -> i));
    return order.subList(0, Math.min(k, classes)).stream().map(i -> new Entry(i, labels.of(i), p[i])).toList();
  }

  /** The index of the largest of {@code n} scores from {@code from}, the first on ties. */
  static int argmax(float[] a, int from, int n) {
    int best = 0;
    for (int k = 1; k < n; k++) {
      if (a[from + k] > a[from + best]) {
        best = k;
      }
    }
    return best;
  }
}
