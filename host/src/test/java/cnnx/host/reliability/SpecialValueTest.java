package cnnx.host.reliability;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.host.testing.OpenClHarness;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reference vs OpenCL (fused and unfused) on inputs full of NaN, ±inf and ±0, one model per
 * kernel family: NaN must come out exactly where the reference puts it (max/min/pools propagate
 * it), infinities must match, everything else within rounding.
 */
class SpecialValueTest {
  private static final float[] SPECIAL = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
      1f, -1f, 2.5f, -3.75f, 0.5f, 1e-3f, -7f};

  /** Special values in a seeded order, so every window and row sees a different mix. */
  static Tensor special(long seed, int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      // About one element in four special; the rest ordinary numbers so windows also hold finite maxima.
      v[i] = r.nextInt(4) == 0 ? SPECIAL[r.nextInt(3)] : SPECIAL[3 + r.nextInt(SPECIAL.length - 3)];
    }
    return Tensor.ofFloats(shape, v);
  }

  private static OnnxModelBuilder x4() {
    return new OnnxModelBuilder().input("x", 1L, 2L, 6L, 6L);
  }

  static Stream<Arguments> families() {
    Map<String, Supplier<OnnxModelBuilder>> c = new LinkedHashMap<>();
    float[] w = new float[3 * 2 * 3 * 3];
    for (int i = 0; i < w.length; i++) {
      w[i] = (i % 7 - 3) * 0.25f;
    }
    c.put("conv+relu+maxpool (fused block)", () -> x4().initializer("w", w, 3, 2, 3, 3)
        .node("Conv", names("x", "w"), names("c"), attrInts("pads", 1, 1, 1, 1))
        .node("Relu", names("c"), names("r"))
        .node("MaxPool", names("r"), names("y"), attrInts("kernel_shape", 2, 2), attrInts("strides", 2, 2)).output("y"));
    float[] w6 = new float[8 * 6 * 3 * 3];
    for (int i = 0; i < w6.length; i++) {
      w6[i] = (i % 9 - 4) * 0.125f;
    }
    // six input channels: the pool runs in the general template's registers (fewer go to the small-channel one)
    c.put("conv+relu+maxpool, 6 channels (pool in the conv's registers)", () -> new OnnxModelBuilder()
        .input("x", 1L, 6L, 6L, 10L).initializer("w", w6, 8, 6, 3, 3)
        .node("Conv", names("x", "w"), names("c"), attrInts("pads", 1, 1, 1, 1))
        .node("Relu", names("c"), names("r"))
        .node("MaxPool", names("r"), names("y"), attrInts("kernel_shape", 2, 2), attrInts("strides", 2, 2)).output("y"));
    c.put("conv+averagepool, 6 channels (pool in the conv's registers)", () -> new OnnxModelBuilder()
        .input("x", 1L, 6L, 6L, 10L).initializer("w", w6, 8, 6, 3, 3)
        .node("Conv", names("x", "w"), names("c"), attrInts("pads", 1, 1, 1, 1))
        .node("AveragePool", names("c"), names("y"), attrInts("kernel_shape", 2, 2), attrInts("strides", 2, 2)).output("y"));
    c.put("conv+clip+averagepool", () -> x4().initializer("w", w, 3, 2, 3, 3)
        .node("Conv", names("x", "w"), names("c"))
        .node("Clip", names("c"), names("r"))
        .node("AveragePool", names("r"), names("y"), attrInts("kernel_shape", 2, 2), attrInts("strides", 2, 2)).output("y"));
    c.put("maxpool overlapping", () -> x4().node("MaxPool", names("x"), names("y"), attrInts("kernel_shape", 3, 3),
        attrInts("strides", 1, 1), attrInts("pads", 1, 1, 1, 1)).output("y"));
    // Rows wide enough for the vectorised MaxPool's inner blocks as well as its edge blocks: NaN must
    // fold in window order there too (ResNet's 3x3/2 pad 1; dilated 3x3/1 with ceil_mode; 2x2/2 ceil).
    c.put("maxpool 3x3/2 pad 1, wide rows", () -> new OnnxModelBuilder().input("x", 1L, 3L, 19L, 41L)
        .node("MaxPool", names("x"), names("y"), attrInts("kernel_shape", 3, 3), attrInts("strides", 2, 2),
            attrInts("pads", 1, 1, 1, 1)).output("y"));
    c.put("maxpool 3x3/1 dilated, ceil_mode", () -> new OnnxModelBuilder().input("x", 2L, 2L, 11L, 45L)
        .node("MaxPool", names("x"), names("y"), attrInts("kernel_shape", 3, 3), attrInts("strides", 1, 1),
            attrInts("dilations", 2, 2), attrInts("pads", 0, 2, 1, 0), attr("ceil_mode", 1L)).output("y"));
    c.put("maxpool 2x2/2 ceil_mode", () -> new OnnxModelBuilder().input("x", 1L, 4L, 9L, 35L)
        .node("MaxPool", names("x"), names("y"), attrInts("kernel_shape", 2, 2), attrInts("strides", 2, 2),
            attr("ceil_mode", 1L)).output("y"));
    // Depthwise 3x3 (MobileNet's /1 and /2, pad 1) on rows with inner and edge blocks: an edge block's
    // loads reach into the neighbouring row, whose NaN and inf must not leak into the padding.
    for (int s : new int[] {1, 2}) {
      float[] dw = java.util.Arrays.copyOf(w, 3 * 9);
      c.put("depthwise 3x3/" + s + " pad 1, wide rows", () -> new OnnxModelBuilder().input("x", 1L, 3L, 9L, 75L)
          .initializer("w", dw, 3, 1, 3, 3)
          .node("Conv", names("x", "w"), names("y"), attr("group", 3L), attrInts("kernel_shape", 3, 3),
              attrInts("strides", s, s), attrInts("pads", 1, 1, 1, 1)).output("y"));
    }
    // A 1x1 conv over a plane large enough for the pixel-vector kernel, ending inside its last block.
    c.put("conv 1x1 over a 29x29 plane", () -> new OnnxModelBuilder().input("x", 1L, 2L, 29L, 29L)
        .initializer("w", java.util.Arrays.copyOf(w, 3 * 2), 3, 2, 1, 1)
        .node("Conv", names("x", "w"), names("y")).output("y"));
    // The vectorised LRN over a plane ending inside its last vector: NaN and inf must reach exactly the
    // outputs whose channel windows hold them (odd window with beta 0.75, even window with a general beta).
    c.put("lrn size 5, 7 channels, 5x7 plane", () -> new OnnxModelBuilder().input("x", 1L, 7L, 5L, 7L)
        .node("LRN", names("x"), names("y"), attr("size", 5L), attr("alpha", 1e-2f), attr("beta", 0.75f))
        .output("y"));
    c.put("lrn size 4, beta 0.6, 2 images", () -> new OnnxModelBuilder().input("x", 2L, 6L, 4L, 9L)
        .node("LRN", names("x"), names("y"), attr("size", 4L), attr("alpha", 0.3f), attr("beta", 0.6f),
            attr("bias", 2f)).output("y"));
    c.put("global max and average pool", () -> x4().node("GlobalMaxPool", names("x"), names("a"))
        .node("GlobalAveragePool", names("x"), names("b")).output("a").output("b"));
    for (String op : new String[] {"Relu", "LeakyRelu", "Sigmoid", "Tanh", "Abs", "Neg", "Floor", "Ceil", "Sqrt",
        "Exp", "Log", "Softplus", "Softsign", "HardSigmoid", "Elu", "Reciprocal"}) {
      c.put("unary " + op, () -> x4().node(op, names("x"), names("y")).output("y"));
    }
    for (String op : new String[] {"Add", "Sub", "Mul", "Div", "Pow", "PRelu"}) {
      c.put("binary " + op, () -> x4().input("z", 1L, 2L, 6L, 6L).node(op, names("x", "z"), names("y")).output("y"));
    }
    for (String op : new String[] {"Max", "Min", "Sum", "Mean"}) {
      c.put("variadic " + op, () -> x4().input("z", 1L, 2L, 6L, 6L).node(op, names("x", "z", "x"), names("y"))
          .output("y"));
    }
    for (String op : new String[] {"ReduceMax", "ReduceMin", "ReduceSum", "ReduceMean", "ReduceLogSumExp",
        "ReduceL1"}) {
      c.put("reduce " + op, () -> x4().node(op, names("x"), names("y"), attrInts("axes", 2, 3), attr("keepdims", 1L))
          .output("y").opset(op.equals("ReduceSum") ? 11 : 17));
    }
    c.put("softmax", () -> x4().node("Softmax", names("x"), names("y"), attr("axis", -1L)).output("y"));
    c.put("clip with bounds", () -> x4().initializer("lo", new float[] {-1}).initializer("hi", new float[] {2})
        .node("Clip", names("x", "lo", "hi"), names("y")).output("y"));
    c.put("clip to [0, 6] (ReLU6, constant bounds)", () -> x4().initializer("lo", new float[] {0}).initializer("hi", new float[] {6})
        .node("Clip", names("x", "lo", "hi"), names("y")).output("y"));
    c.put("matmul", () -> x4().initializer("m", java.util.Arrays.copyOf(w, 18), 1, 1, 6, 3).node("MatMul", names("x", "m"), names("y")).output("y"));
    c.put("gemm", () -> new OnnxModelBuilder().input("x", 4L, 6L).initializer("b", java.util.Arrays.copyOf(w, 18), 6, 3)
        .node("Gemm", names("x", "b"), names("y")).output("y"));
    c.put("resize linear", () -> x4().initializer("s", new float[] {1, 1, 2, 2}, 4)
        .node("Resize", names("x", "", "s"), names("y"), attr("mode", "linear")).output("y"));
    c.put("pad reflect + transpose + concat", () -> x4().initializerLongs("p", new long[] {0, 0, 1, 1, 0, 0, 1, 1}, 8)
        .node("Pad", names("x", "p"), names("a"), attr("mode", "reflect"))
        .node("Transpose", names("a"), names("t"), attrInts("perm", 0, 1, 3, 2))
        .node("Concat", names("a", "t"), names("y"), attr("axis", 1L)).output("y"));
    c.put("batchnorm", () -> x4().initializer("g", new float[] {1, -2}, 2)
        .initializer("b", new float[] {0.5f, 0}, 2).initializer("m", new float[] {0, 1}, 2)
        .initializer("v", new float[] {1, 4}, 2)
        .node("BatchNormalization", names("x", "g", "b", "m", "v"), names("y")).output("y"));
    return c.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void deviceMatchesTheReferenceOnSpecialValues(String name, Supplier<OnnxModelBuilder> model) {
    OnnxModelBuilder m = model.get();
    Map<String, Tensor> in = new LinkedHashMap<>();
    long seed = name.hashCode();
    for (var vi : m.build().getGraph().getInputList()) {
      int[] shape = vi.getType().getTensorType().getShape().getDimList().stream()
          .mapToInt(d -> (int) d.getDimValue()).toArray();
      in.put(vi.getName(), special(seed++, shape));
    }
    OpenClHarness.assertMatchesReference(m.toBytes(), in, 1e-4, 1e-5);
  }
}
