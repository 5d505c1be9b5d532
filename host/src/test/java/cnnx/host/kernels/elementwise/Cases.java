package cnnx.host.kernels.elementwise;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomTensors;
import cnnx.host.testing.OpenClHarness;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeds, tensors and the device check for the element-wise kernel tests. Each distinct shape makes a
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

  /** Standard normals times {@code scale}. */
  static Tensor normal(SplittableRandom rnd, float scale, int... shape) {
    float[] a = RandomTensors.normal(rnd, shape).floats().clone();
    for (int i = 0; i < a.length; i++) {
      a[i] *= scale;
    }
    return Tensor.ofFloats(shape, a);
  }

  /** Overwrites the first elements with the given specials (NaN, infinities, ...). */
  static Tensor withSpecials(Tensor t, float... specials) {
    float[] a = t.floats().clone();
    for (int i = 0; i < specials.length && i < a.length; i++) {
      a[i] = specials[i];
    }
    return Tensor.ofFloats(t.shape(), a);
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
