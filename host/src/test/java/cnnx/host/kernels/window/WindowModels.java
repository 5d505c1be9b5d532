package cnnx.host.kernels.window;

import static cnnx.compiler.testing.OnnxModelBuilder.dims;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomTensors;
import java.util.SplittableRandom;

/** Small one-op models for the window kernel tests. */
final class WindowModels {
  /** Max pools pick an input value: only the device's float compare differs, never rounding. */
  static final double MAX_RTOL = 1e-5;
  static final double MAX_ATOL = 1e-6;
  /**
   * Sums, means and normalisations: the kernels accumulate in float in their own order, the
   * reference in double.
   */
  static final double SUM_RTOL = 1e-4;
  static final double SUM_ATOL = 1e-5;

  private WindowModels() {}

  /** A model at opset 21 (the canonical form), IR version 10. */
  static OnnxModelBuilder model() {
    return new OnnxModelBuilder().opset(21).irVersion(10);
  }

  /** Adds a float input of that shape and returns a seeded standard-normal value for it. */
  static Tensor input(OnnxModelBuilder b, SplittableRandom rnd, String name, int... shape) {
    b.input(name, dims(shape));
    return RandomTensors.normal(rnd, shape);
  }

  /** Adds a float initializer uniform in [lo, hi). */
  static Tensor weight(OnnxModelBuilder b, SplittableRandom rnd, String name, float lo, float hi, int... shape) {
    Tensor t = RandomTensors.uniform(rnd, lo, hi, shape);
    b.initializer(name, t.floats(), dims(shape));
    return t;
  }
}
