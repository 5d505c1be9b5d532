package cnnx.compiler.ops.spatial;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LayerNormalization (every axis, Scale and B broadcast from fewer dims, the Mean and InvStdDev
 * outputs) and GroupNormalization (opset 21 per-channel and opset 18 per-group affine) against ONNX
 * Runtime on seeded random shapes (tolerance: see {@link Harness}).
 */
class RowNormalizationTest {
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void layerNormalizationMatchesOrt(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = rnd.nextInt(1, 5);
    int[] s = new int[rank];
    for (int i = 0; i < rank; i++) {
      s[i] = rnd.nextInt(i == rank - 1 ? 2 : 1, 7);
    }
    int axis = rnd.nextInt(rank);
    // Scale of the normalised dims; ONNX Runtime takes only broadcasts that keep the element count
    // (leading ones dropped), the kernel tests cover the others against the reference.
    int[] normalized = Arrays.copyOfRange(s, axis, rank);
    int drop = 0;
    while (seed % 3 == 0 && drop < normalized.length - 1 && normalized[drop] == 1) {
      drop++;
    }
    int[] scaleShape = Arrays.copyOfRange(normalized, drop, normalized.length);
    OnnxModelBuilder b = Harness.model();
    Tensor x = Harness.input(b, rnd, "x", s);
    Harness.weight(b, rnd, "scale", scaleShape);
    Harness.weight(b, rnd, "bias", scaleShape);
    float epsilon = seed % 2 == 0 ? 1e-5f : (float) rnd.nextDouble(1e-4, 1e-1);
    boolean withBias = seed != 4;
    long axisAttr = seed % 2 == 0 ? axis - rank : axis;
    b.node("LayerNormalization", withBias ? names("x", "scale", "bias") : names("x", "scale"),
        names("y", "mean", "inv"), attr("axis", axisAttr), attr("epsilon", epsilon));
    b.rankedOutput("y", rank).rankedOutput("mean", rank).rankedOutput("inv", rank);
    Harness.compare(b, Map.of("x", x), "LayerNormalization " + Arrays.toString(s) + " axis " + axisAttr
        + " scale " + Arrays.toString(scaleShape));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void groupNormalizationMatchesOrt(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int groups = rnd.nextInt(1, 4);
    int rank = rnd.nextInt(2, 5);
    int[] s = new int[rank];
    s[0] = rnd.nextInt(1, 3);
    s[1] = groups * rnd.nextInt(1, 4);
    for (int i = 2; i < rank; i++) {
      s[i] = rnd.nextInt(1, 6);
    }
    boolean opset18 = seed % 2 == 0;
    OnnxModelBuilder b = opset18 ? new OnnxModelBuilder().opset(18).irVersion(8) : Harness.model();
    Tensor x = Harness.input(b, rnd, "x", s);
    Harness.weight(b, rnd, "scale", opset18 ? groups : s[1]);
    Harness.weight(b, rnd, "bias", opset18 ? groups : s[1]);
    b.node("GroupNormalization", names("x", "scale", "bias"), names("y"), attr("num_groups", (long) groups),
        attr("epsilon", (float) rnd.nextDouble(1e-5, 1e-2)));
    b.rankedOutput("y", rank);
    Harness.compare(b, Map.of("x", x), "GroupNormalization " + Arrays.toString(s) + " groups " + groups
        + (opset18 ? " opset 18" : ""));
  }

  // Intent (negative): channels that do not split into the groups are named as the problem.
  @Test
  void groupsMustDivideChannels() {
    OnnxModelBuilder b = Harness.model();
    Tensor x = Harness.input(b, new SplittableRandom(1), "x", 1, 6, 2);
    Harness.weight(b, new SplittableRandom(2), "scale", 6);
    Harness.weight(b, new SplittableRandom(3), "bias", 6);
    b.node("GroupNormalization", names("x", "scale", "bias"), names("y"), attr("num_groups", 4L));
    Harness.assertInvalid(b.rankedOutput("y", 3), Map.of("x", x), "groupnormalization_0", "cannot be split");
  }
}
