package cnnx.host.kernels.window;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomTensors;
import cnnx.host.testing.OpenClHarness;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LayerNormalization (every axis; Scale and B broadcast from fewer dims and from ones) and
 * GroupNormalization (per-channel and opset 18's per-group affine) on the OpenCL device against the
 * reference interpreter. Tolerance: the sums' (see {@link WindowModels}).
 */
class RowNormKernelTest {
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void layerNormalization(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = rnd.nextInt(1, 5);
    int[] s = new int[rank];
    for (int i = 0; i < rank; i++) {
      s[i] = rnd.nextInt(1, seed == 5 ? 90 : 9);
    }
    int axis = rnd.nextInt(rank);
    int[] normalized = Arrays.copyOfRange(s, axis, rank);
    int[] scaleShape = Arrays.copyOfRange(normalized, rnd.nextInt(normalized.length), normalized.length);
    int[] biasShape = scaleShape.clone();
    if (seed % 2 == 1 && biasShape.length > 0) {
      biasShape[0] = 1;
    }
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).irVersion(10).input("x", dims(s));
    b.initializer("scale", RandomTensors.normal(rnd, scaleShape).floats(), dims(scaleShape));
    b.initializer("bias", RandomTensors.normal(rnd, biasShape).floats(), dims(biasShape));
    b.node("LayerNormalization", seed == 2 ? names("x", "scale") : names("x", "scale", "bias"), names("y"),
        attr("axis", (long) axis), attr("epsilon", 1e-3f));
    check(b.output("y"), Map.of("x", RandomTensors.normal(rnd, s)), "LayerNormalization " + Arrays.toString(s)
        + " axis " + axis + " scale " + Arrays.toString(scaleShape) + " bias " + Arrays.toString(biasShape));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void groupNormalization(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int groups = rnd.nextInt(1, 5);
    int rank = rnd.nextInt(2, 5);
    int[] s = new int[rank];
    s[0] = rnd.nextInt(1, 3);
    s[1] = groups * rnd.nextInt(1, 4);
    for (int i = 2; i < rank; i++) {
      s[i] = rnd.nextInt(1, 9);
    }
    boolean opset18 = seed % 2 == 0;
    int affine = opset18 ? groups : s[1];
    OnnxModelBuilder b = new OnnxModelBuilder().opset(opset18 ? 18 : 21).irVersion(opset18 ? 8 : 10).input("x", dims(s));
    b.initializer("scale", RandomTensors.normal(rnd, affine).floats(), affine);
    b.initializer("bias", RandomTensors.normal(rnd, affine).floats(), affine);
    b.node("GroupNormalization", names("x", "scale", "bias"), names("y"), attr("num_groups", (long) groups));
    check(b.output("y"), Map.of("x", RandomTensors.normal(rnd, s)),
        "GroupNormalization " + Arrays.toString(s) + " groups " + groups + (opset18 ? " opset 18" : ""));
  }

  private static void check(OnnxModelBuilder b, Map<String, Tensor> inputs, String what) {
    try {
      OpenClHarness.assertMatchesReference(b.toBytes(), inputs, WindowModels.SUM_RTOL, WindowModels.SUM_ATOL);
    } catch (AssertionError e) {
      throw new AssertionError(what + ": " + e.getMessage(), e);
    }
  }
}
