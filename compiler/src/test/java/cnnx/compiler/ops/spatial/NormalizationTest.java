package cnnx.compiler.ops.spatial;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomTensors;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * BatchNormalization (inference and training mode), InstanceNormalization and LRN against ONNX Runtime on seeded
 * random shapes and attributes (tolerance: see {@link Harness}).
 */
class NormalizationTest {
  private static int[] shape(SplittableRandom rnd, int minRank, int maxRank) {
    int rank = rnd.nextInt(minRank, maxRank + 1);
    int[] s = new int[rank];
    s[0] = rnd.nextInt(1, 3);
    s[1] = rnd.nextInt(1, 7);
    for (int i = 2; i < rank; i++) {
      s[i] = rnd.nextInt(1, rank > 4 ? 5 : 9);
    }
    return s;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void batchNormalizationMatchesOrt(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] s = shape(rnd, 2, 5);
    int c = s[1];
    OnnxModelBuilder b = Harness.model();
    Tensor x = Harness.input(b, rnd, "x", s);
    Harness.weight(b, rnd, "scale", c);
    Harness.weight(b, rnd, "bias", c);
    Harness.weight(b, rnd, "mean", c);
    Tensor var = RandomTensors.uniform(rnd, 0.1f, 3f, c);
    b.initializer("var", var.floats(), c);
    float epsilon = (float) rnd.nextDouble(1e-6, 1e-2);
    b.node("BatchNormalization", names("x", "scale", "bias", "mean", "var"), names("y"),
        attr("epsilon", epsilon), attr("momentum", 0.8f));
    b.rankedOutput("y", s.length);
    Harness.compare(b, Map.of("x", x), "BatchNormalization " + Arrays.toString(s) + " epsilon " + epsilon);
  }

  /**
   * training_mode=1: Y from the batch's own mean and (population) variance over every axis but the
   * channels, and the running statistics moved towards them by 1 - momentum. X is a graph input
   * on even seeds and a computed value (Relu) of undeclared type on odd ones. All three outputs are
   * named: ONNX's shape inference asks for them in training mode (ONNX Runtime fails without).
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void trainingBatchNormalizationMatchesOrt(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed * 13);
    int[] s = shape(rnd, 2, 5);
    int c = s[1];
    boolean computed = seed % 2 == 1;
    OnnxModelBuilder b = Harness.model();
    Tensor x = Harness.input(b, rnd, "x", s);
    Harness.weight(b, rnd, "scale", c);
    Harness.weight(b, rnd, "bias", c);
    Harness.weight(b, rnd, "mean", c);
    b.initializer("var", RandomTensors.uniform(rnd, 0.1f, 3f, c).floats(), c);
    if (computed) {
      b.node("Relu", names("x"), names("r"));
    }
    float epsilon = (float) rnd.nextDouble(1e-6, 1e-2);
    float momentum = (float) rnd.nextDouble(0, 1);
    b.node("BatchNormalization", names(computed ? "r" : "x", "scale", "bias", "mean", "var"),
        names("y", "running_mean", "running_var"), attr("epsilon", epsilon), attr("momentum", momentum),
        attr("training_mode", 1L));
    b.rankedOutput("y", s.length).rankedOutput("running_mean", 1).rankedOutput("running_var", 1);
    Harness.compare(b, Map.of("x", x), "training BatchNormalization " + Arrays.toString(s) + " epsilon " + epsilon
        + " momentum " + momentum + (computed ? " of a computed X" : ""));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void instanceNormalizationMatchesOrt(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] s = shape(rnd, 3, 5);
    OnnxModelBuilder b = Harness.model();
    Tensor x = Harness.input(b, rnd, "x", s);
    Harness.weight(b, rnd, "scale", s[1]);
    Harness.weight(b, rnd, "bias", s[1]);
    float epsilon = seed % 2 == 0 ? 1e-5f : (float) rnd.nextDouble(1e-4, 1e-1);
    b.node("InstanceNormalization", names("x", "scale", "bias"), names("y"), attr("epsilon", epsilon));
    b.rankedOutput("y", s.length);
    Harness.compare(b, Map.of("x", x), "InstanceNormalization " + Arrays.toString(s) + " epsilon " + epsilon);
  }

  /** ONNX Runtime's LRN takes 4-D input only. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void lrnMatchesOrt(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] s = {rnd.nextInt(1, 3), rnd.nextInt(1, 9), rnd.nextInt(1, 7), rnd.nextInt(1, 7)};
    long size = 2L * rnd.nextInt(0, 3) + 1;
    float alpha = (float) rnd.nextDouble(1e-4, 0.5);
    float beta = (float) rnd.nextDouble(0.5, 1);
    float bias = (float) rnd.nextDouble(0.5, 2);
    OnnxModelBuilder b = Harness.model();
    Tensor x = Harness.input(b, rnd, "x", s);
    b.node("LRN", names("x"), names("y"), attr("size", size), attr("alpha", alpha), attr("beta", beta),
        attr("bias", bias));
    b.rankedOutput("y", 4);
    Harness.compare(b, Map.of("x", x), "LRN " + Arrays.toString(s) + " size " + size);
  }
}
