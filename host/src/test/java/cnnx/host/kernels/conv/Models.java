package cnnx.host.kernels.conv;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomTensors;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Small ONNX models for the contraction kernel tests. Tolerance of every comparison against the
 * reference interpreter: rtol 1e-4, atol 1e-4. The kernels accumulate in float (the reference in
 * double) in a different order, over up to a few hundred products of unit-normal values; the
 * rounding error of such sums is ~1e-6 relative to their magnitude (~10), so 1e-4 absolute
 * leaves a wide margin while any indexing mistake (an O(1) error) still fails.
 */
final class Models {
  static final double RTOL = 1e-4;
  static final double ATOL = 1e-4;

  private Models() {}

  /** A model at opset 21 (the canonical form), IR version 10. */
  static OnnxModelBuilder model() {
    return new OnnxModelBuilder().opset(21).irVersion(10);
  }

  static long[] longs(int... v) {
    return Arrays.stream(v).asLongStream().toArray();
  }

  /** Adds a float input of that shape and returns a random normal value for it. */
  static Tensor input(OnnxModelBuilder b, SplittableRandom rnd, String name, int... shape) {
    b.input(name, longs(shape));
    return RandomTensors.normal(rnd, shape);
  }

  /** Adds a random normal float initializer. */
  static Tensor weight(OnnxModelBuilder b, SplittableRandom rnd, String name, int... shape) {
    Tensor t = RandomTensors.normal(rnd, shape);
    b.initializer(name, t.floats(), longs(shape));
    return t;
  }
}
