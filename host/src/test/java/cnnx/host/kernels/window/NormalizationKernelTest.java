package cnnx.host.kernels.window;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnx.compiler.Compiler;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.host.testing.OpenClHarness;
import cnnx.kernels.plan.Plan;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * BatchNormalization (alone, as a fused step of an element chain, in training mode), InstanceNormalization and
 * LRN on the OpenCL device against the reference interpreter, over seeded random shapes and
 * attributes. Tolerance: the sums' (see {@link WindowModels}).
 */
class NormalizationKernelTest {
  private static int[] randomShape(SplittableRandom rnd, int rank, int maxSpatial) {
    int[] s = new int[rank];
    s[0] = rnd.nextInt(1, 3);
    s[1] = rnd.nextInt(1, 7);
    for (int i = 2; i < rank; i++) {
      s[i] = rnd.nextInt(1, maxSpatial + 1);
    }
    return s;
  }

  private static void check(OnnxModelBuilder b, Map<String, Tensor> inputs, String what) {
    try {
      OpenClHarness.assertMatchesReference(b.toBytes(), inputs, WindowModels.SUM_RTOL, WindowModels.SUM_ATOL);
    } catch (AssertionError e) {
      throw new AssertionError(what + ": " + e.getMessage(), e);
    }
  }

  private static Plan fusedPlan(OnnxModelBuilder b, Map<String, Tensor> inputs) {
    Map<String, int[]> shapes = new HashMap<>();
    inputs.forEach((k, v) -> shapes.put(k, v.shape()));
    return new Compiler().compile(new OnnxImporter().load(b.toBytes(), "model.onnx"),
        Compiler.Options.defaults().withInputShapes(shapes)).plan();
  }

  /** Adds BatchNormalization's four per-channel inputs as constants (variance positive). */
  private static void batchNormParams(OnnxModelBuilder b, SplittableRandom rnd, String prefix, int channels) {
    WindowModels.weight(b, rnd, prefix + "scale", -2, 2, channels);
    WindowModels.weight(b, rnd, prefix + "bias", -1, 1, channels);
    WindowModels.weight(b, rnd, prefix + "mean", -1, 1, channels);
    WindowModels.weight(b, rnd, prefix + "var", 0.2f, 2, channels);
  }

  /**
   * Training-mode BatchNormalization (batch statistics, running statistics as outputs) after a
   * Relu, ranks 2 to 4: it is written out in reductions and element ops at import, which must run
   * on the device as on the reference.
   */
  @ParameterizedTest
  @ValueSource(longs = {2, 3, 4})
  void trainingBatchNormalization(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed * 31);
    int[] s = randomShape(rnd, (int) seed, 6);
    OnnxModelBuilder b = WindowModels.model();
    Tensor x = WindowModels.input(b, rnd, "x", s);
    batchNormParams(b, rnd, "", s[1]);
    b.node("Relu", names("x"), names("r"));
    b.node("BatchNormalization", names("r", "scale", "bias", "mean", "var"), names("y", "running_mean", "running_var"),
        attr("epsilon", 1e-3f), attr("momentum", 0.7f), attr("training_mode", 1L));
    b.rankedOutput("y", s.length).rankedOutput("running_mean", 1).rankedOutput("running_var", 1);
    check(b, Map.of("x", x), "training BatchNormalization " + Arrays.toString(s));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void batchNormalization(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] shape = randomShape(rnd, (int) seed + 1, 6);
    OnnxModelBuilder b = WindowModels.model();
    Tensor x = WindowModels.input(b, rnd, "x", shape);
    batchNormParams(b, rnd, "", shape[1]);
    b.node("BatchNormalization", names("x", "scale", "bias", "mean", "var"), names("y"),
        attr("epsilon", (float) rnd.nextDouble(1e-5, 1e-2)));
    b.rankedOutput("y", shape.length);
    check(b, Map.of("x", x), "BatchNormalization on " + Arrays.toString(shape));
  }

  /**
   * Two BatchNormalizations in a row fuse into one element chain, where the second reads its X as
   * the value the first computed; its per-channel inputs are graph inputs here, not constants.
   */
  @ParameterizedTest
  @ValueSource(longs = {4, 5})
  void batchNormalizationAsFusedStep(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] shape = randomShape(rnd, (int) seed - 1, 5);
    OnnxModelBuilder b = WindowModels.model();
    Map<String, Tensor> inputs = new HashMap<>();
    inputs.put("x", WindowModels.input(b, rnd, "x", shape));
    batchNormParams(b, rnd, "a_", shape[1]);
    inputs.put("scale", WindowModels.input(b, rnd, "scale", shape[1]));
    inputs.put("bias", WindowModels.input(b, rnd, "bias", shape[1]));
    inputs.put("mean", WindowModels.input(b, rnd, "mean", shape[1]));
    Tensor var = WindowModels.input(b, rnd, "var", shape[1]);
    float[] v = var.floats().clone();
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.abs(v[i]) + 0.1f;
    }
    inputs.put("var", Tensor.ofFloats(var.shape(), v));
    b.node("BatchNormalization", names("x", "a_scale", "a_bias", "a_mean", "a_var"), names("t"));
    b.node("BatchNormalization", names("t", "scale", "bias", "mean", "var"), names("y"), attr("epsilon", 1e-3f));
    b.rankedOutput("y", shape.length);
    assertEquals(1, fusedPlan(b, inputs).launches().size(), "both BatchNormalizations in one launch");
    check(b, inputs, "BatchNormalization chain on " + Arrays.toString(shape));
  }

  /**
   * Planes smaller and larger than the statistics work-group (and not a multiple of it), over an
   * input far from zero mean, where a one-pass variance would lose digits.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void instanceNormalization(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] shape = switch ((int) seed) {
      case 1 -> new int[] {2, 3, 5};
      case 2 -> new int[] {1, 4, 13, 11};
      default -> new int[] {2, 2, 3, 4, 7};
    };
    OnnxModelBuilder b = WindowModels.model();
    Tensor noise = WindowModels.input(b, rnd, "x", shape);
    float[] xs = noise.floats().clone();
    for (int i = 0; i < xs.length; i++) {
      xs[i] = 3 * xs[i] + 20;
    }
    WindowModels.weight(b, rnd, "scale", -2, 2, shape[1]);
    WindowModels.weight(b, rnd, "bias", -1, 1, shape[1]);
    b.node("InstanceNormalization", names("x", "scale", "bias"), names("y"),
        attr("epsilon", (float) rnd.nextDouble(1e-6, 1e-3)));
    b.rankedOutput("y", shape.length);
    Map<String, Tensor> inputs = Map.of("x", Tensor.ofFloats(shape, xs));
    assertEquals(2, fusedPlan(b, inputs).launches().size(), "statistics launch, then normalising launch");
    check(b, inputs, "InstanceNormalization on " + Arrays.toString(shape));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void lrn(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] shape = randomShape(rnd, (int) seed % 3 + 2, 5);
    shape[1] = rnd.nextInt(1, 9);
    long size = rnd.nextInt(1, 6);
    OnnxModelBuilder b = WindowModels.model();
    Tensor x = WindowModels.input(b, rnd, "x", shape);
    b.node("LRN", names("x"), names("y"), attr("size", size), attr("alpha", (float) rnd.nextDouble(1e-4, 0.5)),
        attr("beta", (float) rnd.nextDouble(0.3, 1.0)), attr("bias", (float) rnd.nextDouble(0.5, 2.0)));
    b.rankedOutput("y", shape.length);
    check(b, Map.of("x", x), "LRN size " + size + " on " + Arrays.toString(shape));
  }

  /**
   * The vectorised LRN (a float vector of pixels per work-item walking the channels): odd and even
   * windows, windows wider than the channels, planes that end inside a vector or are narrower than
   * one, two images, ranks 3 and 5, and each beta with its own power (0.75, 0.5, 1, general).
   */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
  void vectorisedLrn(int index) {
    int[][] shapes = {{1, 64, 14, 14}, {2, 7, 5, 7}, {1, 3, 37}, {1, 12, 3, 3}, {2, 5, 2, 3, 6}, {1, 96, 9, 11},
        {1, 1, 17, 1}, {3, 9, 8, 8}};
    long[] sizes = {5, 4, 7, 1, 2, 11, 3, 6};
    float[] betas = {0.75f, 0.6f, 0.5f, 1f, 0.75f, 0.75f, 0.9f, 0.5f};
    SplittableRandom rnd = new SplittableRandom(100 + index);
    int[] shape = shapes[index];
    OnnxModelBuilder b = WindowModels.model();
    Tensor x = WindowModels.input(b, rnd, "x", shape);
    b.node("LRN", names("x"), names("y"), attr("size", sizes[index]), attr("alpha", (float) rnd.nextDouble(1e-4, 0.5)),
        attr("beta", betas[index]), attr("bias", (float) rnd.nextDouble(0.5, 2.0)));
    b.rankedOutput("y", shape.length);
    Plan plan = fusedPlan(b, Map.of("x", x));
    assertEquals(java.util.List.of("lrn_vec"), plan.launches().stream()
        .map(l -> l.kernelName().replaceAll("_[0-9a-f]+$", "")).toList(), "one vectorised LRN launch");
    check(b, Map.of("x", x), "LRN size " + sizes[index] + " beta " + betas[index] + " on " + Arrays.toString(shape));
  }

  /** Windows wider than the registers hold, and rank 2 (no pixels to vectorise), stay with the element kernel. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void elementLrnWhereTheVectorsDoNotFit(int index) {
    int[] shape = index == 0 ? new int[] {1, 20, 4, 5} : new int[] {3, 9};
    long size = index == 0 ? 17 : 3;
    SplittableRandom rnd = new SplittableRandom(200 + index);
    OnnxModelBuilder b = WindowModels.model();
    Tensor x = WindowModels.input(b, rnd, "x", shape);
    b.node("LRN", names("x"), names("y"), attr("size", size), attr("alpha", 0.2f), attr("beta", 0.75f));
    b.rankedOutput("y", shape.length);
    Plan plan = fusedPlan(b, Map.of("x", x));
    assertEquals(java.util.List.of("lrn"), plan.launches().stream()
        .map(l -> l.kernelName().replaceAll("_[0-9a-f]+$", "")).toList(), "the element kernel");
    check(b, Map.of("x", x), "LRN size " + size + " on " + Arrays.toString(shape));
  }
}
