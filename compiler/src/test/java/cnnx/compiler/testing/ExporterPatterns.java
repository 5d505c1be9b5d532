package cnnx.compiler.testing;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import java.util.SplittableRandom;

/**
 * Models written the way exporters write them, with the batch symbolic ("N") and every shape the
 * network needs computed from {@code Shape} at run time. Once the batch is bound, each must fold
 * to constants however deep its shape arithmetic goes.
 */
public final class ExporterPatterns {
  private static final int INT64 = TensorProto.DataType.INT64_VALUE;
  private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;

  private ExporterPatterns() {}

  /**
   * Two ShuffleNet-V2 units as torchvision's export writes them: channel shuffle (Reshape →
   * Transpose → Reshape, target shapes from Shape/Gather/Div/Unsqueeze/Concat), then the next
   * unit's split into halves by Slice whose bounds come from Shape → Gather → Add → Div → Mul,
   * a 1×1 conv on one half, Concat and shuffle again.
   */
  public static byte[] shuffleNetUnits(int channels, int h, int w, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    OnnxModelBuilder b = base().input("x", -1L, channels, h, w);
    int half = channels / 2;
    b.initializer("wc", RandomTensors.normal(rnd, half, half, 1, 1).floats(), half, half, 1, 1);
    String x = "x";
    for (int unit = 0; unit < 2; unit++) {
      String p = "u" + unit + "_";
      String shuffled = channelShuffle(b, p, x, 2);
      // x.chunk(2, dim=1) with the channel count read at run time.
      b.node("Shape", names(shuffled), names(p + "s2"));
      b.node("Gather", names(p + "s2", "one"), names(p + "c"), attr("axis", 0L));
      b.node("Add", names(p + "c", "one"), names(p + "c1"));
      b.node("Div", names(p + "c1", "two"), names(p + "halfc"));
      b.node("Mul", names(p + "halfc", "one"), names(p + "e1"));
      b.node("Mul", names(p + "halfc", "two"), names(p + "e2"));
      b.node("Unsqueeze", names(p + "e1", "axes0"), names(p + "e1v"));
      b.node("Unsqueeze", names(p + "e2", "axes0"), names(p + "e2v"));
      b.node("Slice", names(shuffled, "zero_v", p + "e1v", "one_v"), names(p + "left"));
      b.node("Slice", names(shuffled, p + "e1v", p + "e2v", "one_v"), names(p + "right"));
      b.node("Conv", names(p + "right", "wc"), names(p + "conv"));
      b.node("Relu", names(p + "conv"), names(p + "relu"));
      b.node("Concat", names(p + "left", p + "relu"), names(p + "out"), attr("axis", 1L));
      x = p + "out";
    }
    return b.node("Identity", names(x), names("y")).rankedOutput("y", 4).toBytes();
  }

  /** torchvision's channel_shuffle: view(n, g, c / g, h, w) → transpose(1, 2) → view(n, -1, h, w). */
  private static String channelShuffle(OnnxModelBuilder b, String p, String x, long groups) {
    b.node("Shape", names(x), names(p + "s"));
    String[] d = new String[4];
    for (int i = 0; i < 4; i++) {
      d[i] = p + "d" + i;
      b.node("Gather", names(p + "s", new String[] {"zero", "one", "two", "three"}[i]), names(d[i]), attr("axis", 0L));
    }
    b.node("Div", names(d[1], groups == 2 ? "two" : "?"), names(p + "cpg"));
    String[] v = {p + "v0", p + "vg", p + "vc", p + "v2", p + "v3"};
    b.node("Unsqueeze", names(d[0], "axes0"), names(v[0]));
    b.node("Unsqueeze", names("two", "axes0"), names(v[1]));
    b.node("Unsqueeze", names(p + "cpg", "axes0"), names(v[2]));
    b.node("Unsqueeze", names(d[2], "axes0"), names(v[3]));
    b.node("Unsqueeze", names(d[3], "axes0"), names(v[4]));
    b.node("Concat", names(v), names(p + "t5"), attr("axis", 0L));
    b.node("Reshape", names(x, p + "t5"), names(p + "r5"));
    b.node("Transpose", names(p + "r5"), names(p + "tr"), attrInts("perm", 0, 2, 1, 3, 4));
    b.node("Concat", names(v[0], "minus_one_v", v[3], v[4]), names(p + "t4"), attr("axis", 0L));
    b.node("Reshape", names(p + "tr", p + "t4"), names(p + "shuffled"));
    return p + "shuffled";
  }

  /**
   * A YOLO detection head: the feature map viewed as (n, anchors, outputs, ny, nx) and permuted,
   * a grid of cell offsets made from Range over the spatial dims read by Shape, broadcast with
   * Expand to a shape computed as exporters do (ConstantOfShape → Mul → Equal → Where), and the
   * box centres decoded against it.
   */
  public static byte[] yoloGrid(int anchors, int outputs, int ny, int nx) {
    OnnxModelBuilder b = base().input("p", -1L, (long) anchors * outputs, ny, nx);
    b.initializerLongs("anchors", new long[] {anchors});
    b.initializerLongs("outs", new long[] {outputs});
    b.node("Shape", names("p"), names("s"));
    b.node("Gather", names("s", "zero"), names("n"), attr("axis", 0L));
    b.node("Gather", names("s", "two"), names("ny"), attr("axis", 0L));
    b.node("Gather", names("s", "three"), names("nx"), attr("axis", 0L));
    for (String d : new String[] {"n", "ny", "nx", "anchors", "outs"}) {
      b.node("Unsqueeze", names(d, "axes0"), names(d + "_v"));
    }
    b.node("Concat", names("n_v", "anchors_v", "outs_v", "ny_v", "nx_v"), names("t5"), attr("axis", 0L));
    b.node("Reshape", names("p", "t5"), names("r5"));
    b.node("Transpose", names("r5"), names("perm"), attrInts("perm", 0, 1, 3, 4, 2));
    // torch.meshgrid(arange(ny), arange(nx)) and stack((xv, yv), 2).
    b.node("Range", names("zero", "ny", "one"), names("ry"));
    b.node("Range", names("zero", "nx", "one"), names("rx"));
    b.node("Unsqueeze", names("ry", "one_v"), names("ry2"));
    b.node("Unsqueeze", names("rx", "zero_v"), names("rx2"));
    b.node("Concat", names("ny_v", "nx_v"), names("gshape"), attr("axis", 0L));
    // expand(ny, nx) as exported: -1 entries of the target would keep the input's dim.
    b.node("Shape", names("gshape"), names("gs_len"));
    b.node("ConstantOfShape", names("gs_len"), names("ones"),
        attr("value", OnnxModelBuilder.longTensor("v", new long[] {1}, 1)));
    b.node("Mul", names("ones", "minus_one_v"), names("minus_ones"));
    b.node("Equal", names("gshape", "minus_ones"), names("is_keep"));
    b.node("Where", names("is_keep", "ones", "gshape"), names("target"));
    b.node("Expand", names("ry2", "target"), names("yv"));
    b.node("Expand", names("rx2", "target"), names("xv"));
    b.node("Unsqueeze", names("xv", "minus_one_v"), names("xv3"));
    b.node("Unsqueeze", names("yv", "minus_one_v"), names("yv3"));
    b.node("Concat", names("xv3", "yv3"), names("grid_l"), attr("axis", -1L));
    b.node("Cast", names("grid_l"), names("grid"), attr("to", (long) FLOAT));
    // xy = (sigmoid(p[..., 0:2]) * 2 - 0.5 + grid) * stride
    b.initializerLongs("last", new long[] {4}, 1);
    b.node("Slice", names("perm", "zero_v", "two_v", "last"), names("pxy"));
    b.node("Sigmoid", names("pxy"), names("sxy"));
    b.initializer("f2", new float[] {2f});
    b.initializer("fhalf", new float[] {0.5f});
    b.initializer("stride", new float[] {8f});
    b.node("Mul", names("sxy", "f2"), names("m2"));
    b.node("Sub", names("m2", "fhalf"), names("c"));
    b.node("Add", names("c", "grid"), names("cg"));
    b.node("Mul", names("cg", "stride"), names("y"));
    return b.rankedOutput("y", 5).toBytes();
  }

  /**
   * TensorFlow's SAME padding as tf2onnx writes it for a dynamic input: out = ceil(in / stride),
   * total = max(0, (out - 1) * stride + k - in), split before/after, concatenated into Pad's pads
   * (through Cast, as tf2onnx does), then a VALID strided conv.
   */
  public static byte[] tfSamePadding(int channels, int h, int w, int k, int stride, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    OnnxModelBuilder b = base().input("x", -1L, channels, h, w);
    b.initializer("wk", RandomTensors.normal(rnd, 4, channels, k, k).floats(), 4, channels, k, k);
    b.initializerLongs("k", new long[] {k});
    b.initializerLongs("stride", new long[] {stride});
    b.node("Shape", names("x"), names("s"));
    b.initializerLongs("hw_idx", new long[] {2, 3}, 2);
    b.node("Gather", names("s", "hw_idx"), names("in"), attr("axis", 0L));
    b.node("Cast", names("in"), names("in_f"), attr("to", (long) FLOAT));
    b.initializer("stride_f", new float[] {stride});
    b.node("Div", names("in_f", "stride_f"), names("q"));
    b.node("Ceil", names("q"), names("out_f"));
    b.node("Cast", names("out_f"), names("out"), attr("to", (long) INT64));
    b.node("Sub", names("out", "one"), names("o1"));
    b.node("Mul", names("o1", "stride"), names("o2"));
    b.node("Add", names("o2", "k"), names("o3"));
    b.node("Sub", names("o3", "in"), names("o4"));
    b.node("Max", names("o4", "zero"), names("total"));
    b.node("Div", names("total", "two"), names("before"));
    b.node("Sub", names("total", "before"), names("after"));
    b.initializerLongs("zeros2", new long[] {0, 0}, 2);
    b.node("Concat", names("zeros2", "before", "zeros2", "after"), names("pads"), attr("axis", 0L));
    b.node("Pad", names("x", "pads"), names("padded"));
    b.node("Conv", names("padded", "wk"), names("y"), attrInts("strides", stride, stride));
    return b.rankedOutput("y", 4).toBytes();
  }

  /**
   * x.view(x.size(0), x.size(1), -1).mean(2) followed by view(n, -1) with Size: shapes read by
   * Shape and Slice (not Gather), element counts by Size.
   */
  public static byte[] reshapeThroughShape(int channels, int h, int w) {
    OnnxModelBuilder b = base().input("x", -1L, channels, h, w);
    b.node("Shape", names("x"), names("s"));
    b.node("Slice", names("s", "zero_v", "two_v"), names("nc"));
    b.node("Concat", names("nc", "minus_one_v"), names("t3"), attr("axis", 0L));
    b.node("Reshape", names("x", "t3"), names("r3"));
    b.node("ReduceMean", names("r3", "two_v"), names("m"), attr("keepdims", 0L));
    b.node("Size", names("m"), names("count"));
    b.node("Shape", names("m"), names("ms"));
    b.node("Gather", names("ms", "zero"), names("n"), attr("axis", 0L));
    b.node("Div", names("count", "n"), names("per"));
    b.node("Unsqueeze", names("n", "axes0"), names("n_v"));
    b.node("Unsqueeze", names("per", "axes0"), names("per_v"));
    b.node("Concat", names("n_v", "per_v"), names("t2"), attr("axis", 0L));
    b.node("Squeeze", names("t2"), names("t2s"));
    b.node("Reshape", names("m", "t2s"), names("y"));
    return b.rankedOutput("y", 2).toBytes();
  }

  /**
   * ONNX's own function body for LayerNormalization's statistics (axis 1): the mean over the
   * trailing axes, reshaped to the input's leading dims followed by ones, as many as the input's rank
   * minus the axis (Shape → Size → Sub → ConstantOfShape → Concat). The target's length depends on
   * the rank, so nothing about the Reshape's output is known until that arithmetic is evaluated.
   */
  public static byte[] rankComputedReshape(int channels, int h, int w) {
    OnnxModelBuilder b = base().input("x", -1L, channels, h, w);
    b.node("Shape", names("x"), names("s"));
    b.node("Size", names("s"), names("rank"));
    b.node("Slice", names("s", "zero_v", "one_v"), names("prefix"));
    b.node("Sub", names("rank", "one_v"), names("reduced_count"));
    b.node("ConstantOfShape", names("reduced_count"), names("ones"),
        attr("value", OnnxModelBuilder.longTensor("v", new long[] {1}, 1)));
    b.node("Concat", names("prefix", "ones"), names("stat_shape"), attr("axis", 0L));
    b.node("Flatten", names("x"), names("x2"), attr("axis", 1L));
    b.node("ReduceMean", names("x2", "one_v"), names("mean2"));
    b.node("Reshape", names("mean2", "stat_shape"), names("mean"));
    b.node("Sub", names("x", "mean"), names("y"));
    return b.rankedOutput("y", 4).rankedOutput("mean", 4).toBytes();
  }

  /**
   * PyTorch's LPPool2d as torch.onnx exports it: avg_pool2d(x ** p) * kh * kw, made sign-safe with
   * sign(out) * relu(abs(out)), then ** (1 / p).
   */
  public static byte[] lpPool2d(int channels, int h, int w, int k, int stride, float p) {
    OnnxModelBuilder b = base().input("x", -1L, channels, h, w);
    b.initializer("p", new float[] {p});
    b.initializer("inv_p", new float[] {1 / p});
    b.initializer("area", new float[] {k * k});
    b.node("Pow", names("x", "p"), names("xp"));
    b.node("AveragePool", names("xp"), names("avg"), attrInts("kernel_shape", k, k), attrInts("strides", stride, stride));
    b.node("Sign", names("avg"), names("sign"));
    b.node("Abs", names("avg"), names("abs"));
    b.node("Relu", names("abs"), names("relu"));
    b.node("Mul", names("sign", "relu"), names("safe"));
    b.node("Mul", names("safe", "area"), names("sum"));
    b.node("Pow", names("sum", "inv_p"), names("y"));
    return b.rankedOutput("y", 4).toBytes();
  }

  /** Opset 18 and the small int64 constants exporters use (scalars and one-element vectors). */
  private static OnnxModelBuilder base() {
    OnnxModelBuilder b = new OnnxModelBuilder().opset(18);
    String[] scalar = {"zero", "one", "two", "three"};
    for (int i = 0; i < scalar.length; i++) {
      b.initializerLongs(scalar[i], new long[] {i});
      b.initializerLongs(scalar[i] + "_v", new long[] {i}, 1);
    }
    b.initializerLongs("axes0", new long[] {0}, 1);
    b.initializerLongs("minus_one_v", new long[] {-1}, 1);
    return b;
  }
}
