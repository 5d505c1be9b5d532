package cnnx.compiler.testing;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded random shapes for tests. */
public final class RandomShapes {
  private RandomShapes() {}

  /** Dims uniform in [lo, hi]. */
  public static int[] between(SplittableRandom rnd, int rank, int lo, int hi) {
    int[] s = new int[rank];
    for (int i = 0; i < rank; i++) {
      s[i] = rnd.nextInt(lo, hi + 1);
    }
    return s;
  }

  /** Dims in [2, maxDim], each forced to 1 with probability 1/5. */
  public static int[] withOnes(SplittableRandom rnd, int rank, int maxDim) {
    int[] s = new int[rank];
    for (int i = 0; i < rank; i++) {
      s[i] = rnd.nextInt(5) == 0 ? 1 : rnd.nextInt(2, maxDim + 1);
    }
    return s;
  }

  /**
   * Shapes of the given ranks that broadcast together: trailing parts of a random output shape
   * ({@link #withOnes}), each dim replaced by 1 with probability 1/3.
   */
  public static int[][] broadcastable(SplittableRandom rnd, int maxDim, int... ranks) {
    int rank = Arrays.stream(ranks).max().orElse(0);
    int[] out = withOnes(rnd, rank, maxDim);
    int[][] shapes = new int[ranks.length][];
    for (int k = 0; k < ranks.length; k++) {
      int[] s = Arrays.copyOfRange(out, rank - ranks[k], rank);
      for (int i = 0; i < s.length; i++) {
        if (rnd.nextInt(3) == 0) {
          s[i] = 1;
        }
      }
      shapes[k] = s;
    }
    return shapes;
  }
}
