package cnnx.host.kernels.conv;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomTensors;
import cnnx.kernels.plan.Launch;
import cnnx.kernels.plan.Plan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Conv blocks as one launch: convolution, bias, the element steps fused after it (folded
 * BatchNormalization, Relu, residual Add, PRelu, Clip, HardSwish) and non-overlapping pools, on
 * the device against the reference interpreter (fused and unfused; tolerance: {@link Models}), and
 * the plan: which ONNX nodes share the conv's launch, and why an overlapping pool does not.
 */
class ConvBlockKernelTest {
  private final SplittableRandom rnd = new SplittableRandom(2024);
  private final Map<String, Tensor> feeds = new HashMap<>();

  /** x: N x C x spatial, then Conv (kernel k, pad k/2, bias) to m channels named "c". */
  private OnnxModelBuilder conv(int[] xShape, int m, int k, long group) {
    OnnxModelBuilder b = Models.model();
    feeds.put("x", Models.input(b, rnd, "x", xShape));
    int r = xShape.length - 2;
    int[] w = new int[r + 2];
    long[] pads = new long[2 * r];
    w[0] = m;
    w[1] = (int) (xShape[1] / group);
    for (int i = 0; i < r; i++) {
      w[i + 2] = k;
      pads[i] = k / 2;
      pads[i + r] = k / 2;
    }
    Models.weight(b, rnd, "w", w);
    Models.weight(b, rnd, "b", m);
    b.node("Conv", names("x", "w", "b"), names("c"), attrInts("pads", pads), attr("group", group));
    return b;
  }

  private static void assertFused(Plan plan, Graph g, String... ops) {
    Launch conv = FusedRunner.launchOf(plan, g, "Conv");
    for (String op : ops) {
      for (String name : FusedRunner.names(g, op)) {
        assertTrue(conv.onnxNodes().contains(name), op + " " + name + " not in the conv launch " + conv.onnxNodes());
      }
    }
  }

  @Test
  void batchNormAndRelu() {
    OnnxModelBuilder b = conv(new int[] {2, 5, 9, 11}, 24, 3, 1);
    int m = 24;
    Models.weight(b, rnd, "scale", m);
    Models.weight(b, rnd, "shift", m);
    Models.weight(b, rnd, "mean", m);
    b.initializer("var", RandomTensors.uniform(rnd, 0.5f, 2f, m).floats(), m);
    b.node("BatchNormalization", names("c", "scale", "shift", "mean", "var"), names("bn"), attr("epsilon", 1e-3f));
    b.node("Relu", names("bn"), names("y")).output("y");
    byte[] model = b.toBytes();
    assertFused(FusedRunner.assertMatchesReference(model, feeds), FusedRunner.load(model), "BatchNormalization", "Relu");
  }

  @Test
  void residualAddThenRelu() {
    OnnxModelBuilder b = conv(new int[] {1, 16, 10, 13}, 16, 3, 1);
    feeds.put("skip", Models.input(b, rnd, "skip", 1, 16, 10, 13));
    b.node("Add", names("c", "skip"), names("sum"));
    b.node("Relu", names("sum"), names("y")).output("y");
    byte[] model = b.toBytes();
    assertFused(FusedRunner.assertMatchesReference(model, feeds), FusedRunner.load(model), "Add", "Relu");
  }

  @Test
  void perChannelPRelu() {
    OnnxModelBuilder b = conv(new int[] {2, 3, 7, 9}, 12, 5, 1);
    Models.weight(b, rnd, "slope", 12, 1, 1);
    b.node("PRelu", names("c", "slope"), names("y")).output("y");
    byte[] model = b.toBytes();
    assertFused(FusedRunner.assertMatchesReference(model, feeds), FusedRunner.load(model), "PRelu");
  }

  /** MobileNet's depthwise conv with ReLU6 (one channel per work-item block). */
  @Test
  void depthwiseClip() {
    OnnxModelBuilder b = conv(new int[] {1, 8, 12, 12}, 8, 3, 8);
    b.initializer("lo", new float[] {0f});
    b.initializer("hi", new float[] {6f});
    b.node("Clip", names("c", "lo", "hi"), names("y")).output("y");
    byte[] model = b.toBytes();
    assertFused(FusedRunner.assertMatchesReference(model, feeds), FusedRunner.load(model), "Clip");
  }

  @Test
  void hardSwish1d() {
    OnnxModelBuilder b = conv(new int[] {2, 4, 37}, 10, 3, 1);
    b.node("HardSwish", names("c"), names("y")).output("y");
    byte[] model = b.toBytes();
    assertFused(FusedRunner.assertMatchesReference(model, feeds), FusedRunner.load(model), "HardSwish");
  }

  /** Pools whose windows tile the conv output: computed in the conv's registers. */
  @ParameterizedTest
  @CsvSource({
      "MaxPool, 1x5x9x11, 20, 2, 0", "AveragePool, 2x5x8x10, 20, 2, 0", "MaxPool, 1x4x12x12, 20, 2, 1",
      "AveragePool, 1x3x31, 20, 3, 0", "MaxPool, 1x2x5x6x7, 20, 2, 0", "MaxPool, 1x6x7x9, 20, 3, 0",
      "MaxPool, 1x8x18x20, 32, 2, 0"})
  void nonOverlappingPoolIsFused(String op, String x, int m, int k, long ceil) {
    int[] xs = java.util.Arrays.stream(x.split("x")).mapToInt(Integer::parseInt).toArray();
    OnnxModelBuilder b = conv(xs, m, 3, 1);
    b.node("Relu", names("c"), names("r"));
    long[] kernel = new long[xs.length - 2];
    java.util.Arrays.fill(kernel, k);
    b.node(op, names("r"), names("y"), attrInts("kernel_shape", kernel), attrInts("strides", kernel),
        attr("ceil_mode", ceil)).output("y");
    byte[] model = b.toBytes();
    Graph g = FusedRunner.load(model);
    Plan plan = FusedRunner.assertMatchesReference(model, feeds);
    assertFused(plan, g, "Relu", op);
    assertTrue(FusedRunner.launchOf(plan, g, "Conv").note().contains(op + " "), plan.launches().toString());
  }

  /**
   * A first layer (3 channels, 3x3) with a tiling pool: on a CPU target the small-channel template and the pool's
   * own launch (faster than the pool in the general template's registers); on a GPU preset the pool is fused.
   */
  @ParameterizedTest
  @CsvSource({"MaxPool, 1x3x16x16", "AveragePool, 2x3x10x14"})
  void firstLayerPoolOnACpuIsItsOwnLaunch(String op, String x) {
    int[] xs = java.util.Arrays.stream(x.split("x")).mapToInt(Integer::parseInt).toArray();
    OnnxModelBuilder b = conv(xs, 16, 3, 1);
    b.node("Relu", names("c"), names("r"));
    b.node(op, names("r"), names("y"), attrInts("kernel_shape", 2, 2), attrInts("strides", 2, 2)).output("y");
    byte[] model = b.toBytes();
    Graph g = FusedRunner.load(model);
    Plan plan = FusedRunner.assertMatchesReference(model, feeds);
    Launch conv = FusedRunner.launchOf(plan, g, "Conv");
    assertTrue(conv.kernelName().startsWith("xconv_"), conv.kernelName());
    assertTrue(conv.note().contains("not fused: the small-channel template"), conv.note());
    assertFalse(conv.onnxNodes().contains(FusedRunner.names(g, op).get(0)), conv.onnxNodes().toString());
    Plan gpu = new cnnx.compiler.Compiler().compile(g, cnnx.boards.TargetPresets.find("nvidia/h100-sxm").orElseThrow(),
        cnnx.compiler.Compiler.Options.defaults()).plan();
    assertFused(gpu, g, "Relu", op);
  }

  /** ResNet's 3x3/2 max pool overlaps: fusing would compute most conv outputs more than once. */
  @Test
  void overlappingPoolIsItsOwnLaunch() {
    OnnxModelBuilder b = conv(new int[] {1, 3, 15, 15}, 16, 7, 1);
    b.node("Relu", names("c"), names("r"));
    b.node("MaxPool", names("r"), names("y"), attrInts("kernel_shape", 3, 3), attrInts("strides", 2, 2)).output("y");
    byte[] model = b.toBytes();
    Graph g = FusedRunner.load(model);
    Plan plan = FusedRunner.assertMatchesReference(model, feeds);
    Launch conv = FusedRunner.launchOf(plan, g, "Conv");
    Launch pool = FusedRunner.launchOf(plan, g, "MaxPool");
    assertNotEquals(conv, pool);
    assertTrue(conv.onnxNodes().containsAll(FusedRunner.names(g, "Relu")));
    assertTrue(conv.note().contains("overlapping 3x3/2 windows would recompute 2.25x the conv outputs; pooled in its own launch"),
        conv.note());
  }

  /**
   * Channel counts that 16-wide blocks pad: SqueezeNet's 1000 classes as a 1x1 conv on a small
   * image (32 blocks of 32, the last holding 8), MobileNet's 24 and 144 (blocks of 32). The padded
   * lanes are computed and never stored.
   */
  @ParameterizedTest
  @CsvSource({"40, 1000, 6, 7, 1, 32 channels (2 x float16)", "8, 24, 12, 12, 3, 32 channels (2 x float16)",
      "24, 144, 9, 10, 1, 32 channels (2 x float16)"})
  void paddedChannelBlocks(int c, int m, int h, int w, int k, String blocking) {
    OnnxModelBuilder b = conv(new int[] {1, c, h, w}, m, k, 1);
    b.node("Relu", names("c"), names("y")).output("y");
    byte[] model = b.toBytes();
    Graph g = FusedRunner.load(model);
    Launch conv = FusedRunner.launchOf(FusedRunner.assertMatchesReference(model, feeds), g, "Conv");
    assertTrue(conv.note().contains(": " + blocking + " x "), conv.note());
  }

  /** A ceil-mode window hanging over the edge would pool fewer taps than the kernel: not fused. */
  @Test
  void partialCeilModeWindowIsNotFused() {
    OnnxModelBuilder b = conv(new int[] {1, 3, 9, 9}, 8, 3, 1);
    b.node("MaxPool", names("c"), names("y"), attrInts("kernel_shape", 2, 2), attrInts("strides", 2, 2),
        attr("ceil_mode", 1L)).output("y");
    byte[] model = b.toBytes();
    Graph g = FusedRunner.load(model);
    Plan plan = FusedRunner.assertMatchesReference(model, feeds);
    Launch conv = FusedRunner.launchOf(plan, g, "Conv");
    assertNotEquals(conv, FusedRunner.launchOf(plan, g, "MaxPool"));
    assertTrue(conv.note().contains("past the edge"), conv.note());
  }

  @Test
  void convTransposeBatchNormRelu() {
    OnnxModelBuilder b = Models.model();
    feeds.put("x", Models.input(b, rnd, "x", 1, 6, 5, 7));
    Models.weight(b, rnd, "w", 6, 8, 4, 4);
    Models.weight(b, rnd, "scale", 8);
    Models.weight(b, rnd, "shift", 8);
    Models.weight(b, rnd, "mean", 8);
    b.initializer("var", RandomTensors.uniform(rnd, 0.5f, 2f, 8).floats(), 8);
    b.node("ConvTranspose", names("x", "w"), names("c"), attrInts("strides", 2, 2), attrInts("pads", 1, 1, 1, 1));
    b.node("BatchNormalization", names("c", "scale", "shift", "mean", "var"), names("bn"));
    b.node("Relu", names("bn"), names("y")).output("y");
    byte[] model = b.toBytes();
    Graph g = FusedRunner.load(model);
    Launch l = FusedRunner.launchOf(FusedRunner.assertMatchesReference(model, feeds), g, "ConvTranspose");
    assertEquals(3, l.onnxNodes().size(), l.onnxNodes().toString());
  }

  /** A classifier head: Gemm with bias C, then Relu; MatMul, bias Add, Relu. */
  @Test
  void gemmAndMatMulEpilogues() {
    OnnxModelBuilder b = Models.model();
    feeds.put("x", Models.input(b, rnd, "x", 3, 40));
    Models.weight(b, rnd, "w", 21, 40);
    Models.weight(b, rnd, "c", 21);
    Models.weight(b, rnd, "w2", 21, 19);
    Models.weight(b, rnd, "b2", 19);
    b.node("Gemm", names("x", "w", "c"), names("g"), attr("transB", 1L));
    b.node("Relu", names("g"), names("h"));
    b.node("MatMul", names("h", "w2"), names("mm"));
    b.node("Add", names("mm", "b2"), names("a"));
    b.node("Relu", names("a"), names("y")).output("y");
    byte[] model = b.toBytes();
    Graph g = FusedRunner.load(model);
    Plan plan = FusedRunner.assertMatchesReference(model, feeds);
    List<String> relus = FusedRunner.names(g, "Relu");
    assertTrue(FusedRunner.launchOf(plan, g, "Gemm").onnxNodes().contains(relus.get(0)));
    Launch mm = FusedRunner.launchOf(plan, g, "MatMul");
    assertTrue(mm.onnxNodes().containsAll(FusedRunner.names(g, "Add")) && mm.onnxNodes().contains(relus.get(1)),
        mm.onnxNodes().toString());
  }
}
