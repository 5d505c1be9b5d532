package cnnx.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Top-k against a full stable sort of the scores. */
class PredictionsTest {
  @Test
  void topKIsTheHeadOfAStableDescendingSort() {
    Random random = new Random(11);
    for (int trial = 0; trial < 200; trial++) {
      int classes = 1 + random.nextInt(20);
      float[] out = new float[3 + classes];
      for (int i = 0; i < out.length; i++) {
        out[i] = random.nextInt(5) / 4f; // few distinct values: many ties
      }
      int k = 1 + random.nextInt(classes + 2);
      int[] expected = IntStream.range(0, classes).boxed()
          .sorted(Comparator.comparingDouble((Integer c) -> -out[3 + c]))
          .limit(k).mapToInt(Integer::intValue).toArray();
      assertArrayEquals(expected, Predictions.topK(out, 3, classes, k), "trial " + trial);
    }
  }
}
