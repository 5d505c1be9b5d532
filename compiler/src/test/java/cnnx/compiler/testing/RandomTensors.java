package cnnx.compiler.testing;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import java.util.SplittableRandom;

/** Seeded random tensors for tests. */
public final class RandomTensors {
  private RandomTensors() {}

  /** Standard-normal float tensor. */
  public static Tensor normal(SplittableRandom rnd, int... shape) {
    float[] a = new float[Shapes.size(shape)];
    for (int i = 0; i < a.length; i++) {
      // Box-Muller keeps the sequence reproducible from the seed alone.
      double u = rnd.nextDouble(1e-12, 1.0);
      double v = rnd.nextDouble();
      a[i] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    }
    return Tensor.ofFloats(shape, a);
  }

  /** Uniform float tensor in [lo, hi). */
  public static Tensor uniform(SplittableRandom rnd, float lo, float hi, int... shape) {
    float[] a = new float[Shapes.size(shape)];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) rnd.nextDouble(lo, hi);
    }
    return Tensor.ofFloats(shape, a);
  }

  /** Integers of type t (int64 storage) uniform in [lo, hi]. */
  public static Tensor ints(SplittableRandom rnd, DataType t, long lo, long hi, int... shape) {
    long[] a = new long[Shapes.size(shape)];
    for (int i = 0; i < a.length; i++) {
      a[i] = lo + rnd.nextLong(hi - lo + 1);
    }
    return Tensor.ofLongs(t, shape, a);
  }
}
