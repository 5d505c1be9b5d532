package cnnx.host.kernels.elementwise;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomTensors;
import cnnx.host.testing.OpenClHarness;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded shapes and tensors for the element-wise kernel tests. Each distinct shape makes a
 * distinct kernel (shapes are baked in), so tests vary data freely but shapes sparingly.
 */
final class Cases {
  /** The tolerance for float results unless a test states another. */
  static final double RTOL = 1e-5;
  static final double ATOL = 1e-6;

  private Cases() {}

  static SplittableRandom rnd(String what, long seed) {
    return new SplittableRandom(seed * 1_000_003L + what.hashCode());
  }

  /** A random shape of the given rank with dims in [1, maxDim], some forced to 1. */
  static int[] shape(SplittableRandom rnd, int rank, int maxDim) {
    int[] s = new int[rank];
    for (int i = 0; i < rank; i++) {
      s[i] = rnd.nextInt(5) == 0 ? 1 : rnd.nextInt(2, maxDim + 1);
    }
    return s;
  }

  /**
   * Shapes of the given ranks that broadcast together: trailing parts of a random output shape
   * with some dims replaced by 1.
   */
  static int[][] broadcastable(SplittableRandom rnd, int maxDim, int... ranks) {
    int rank = Arrays.stream(ranks).max().orElse(0);
    int[] out = shape(rnd, rank, maxDim);
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

  static long[] dims(int[] shape) {
    return Arrays.stream(shape).asLongStream().toArray();
  }

  static int onnxCode(DataType t) {
    return t.onnxCode();
  }

  /** Standard normals times {@code scale}. */
  static Tensor normal(SplittableRandom rnd, float scale, int... shape) {
    float[] a = RandomTensors.normal(rnd, shape).floats().clone();
    for (int i = 0; i < a.length; i++) {
      a[i] *= scale;
    }
    return Tensor.ofFloats(shape, a);
  }

  static Tensor uniform(SplittableRandom rnd, float lo, float hi, int... shape) {
    return RandomTensors.uniform(rnd, lo, hi, shape);
  }

  /** Integers uniform in [lo, hi]. */
  static Tensor ints(SplittableRandom rnd, DataType t, long lo, long hi, int... shape) {
    long[] a = new long[Shapes.size(shape)];
    for (int i = 0; i < a.length; i++) {
      a[i] = lo + rnd.nextLong(hi - lo + 1);
    }
    return Tensor.ofLongs(t, shape, a);
  }

  /** Overwrites the first elements with the given specials (NaN, infinities, ...). */
  static Tensor withSpecials(Tensor t, float... specials) {
    float[] a = t.floats().clone();
    for (int i = 0; i < specials.length && i < a.length; i++) {
      a[i] = specials[i];
    }
    return Tensor.ofFloats(t.shape(), a);
  }

  static String str(int[] shape) {
    return Arrays.toString(shape);
  }

  /** Runs the model on the device, fused and unfused, against the reference interpreter. */
  static void check(String what, OnnxModelBuilder b, Map<String, Tensor> inputs, double rtol, double atol) {
    try {
      OpenClHarness.assertMatchesReference(b.toBytes(), inputs, rtol, atol);
    } catch (AssertionError e) {
      throw new AssertionError(what + ": " + e.getMessage(), e);
    }
  }

  static void check(String what, OnnxModelBuilder b, Map<String, Tensor> inputs) {
    check(what, b, inputs, RTOL, ATOL);
  }
}
