package cnnx.host.reliability;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The campaign mode of the generator: models whose kernels repeat, so that a run of millions builds
 * a few hundred programs and then finds almost every one already built on its context. Structure comes
 * from a small menu: two input shapes, an optional element-wise op that makes extremes (Mul, Div, Exp),
 * one main op (Conv 3x3 pad 1 or 1x1 stride 2, Max/AveragePool in ceil mode, a global pool, Gather,
 * Transpose) and an optional element-wise op fused after it. What does not change a kernel's source
 * varies freely: weights and broadcast constants full of NaN, ±inf, ±0, ±65504 and ±1e-30, Gather
 * indices (at both ends, now and then past them), and inputs one third special values. Values stay
 * below FLT_MAX: sums of finite floats that overflow are order-dependent (the reference accumulates in
 * double, kernels and ONNX Runtime in float), which is no disagreement about the model. {@link ExtremeModels} keeps the wide variety (every size, size bombs, opset
 * mixes) at a few models a second; this trades that variety for count.
 */
final class CampaignModels {
  private static final float[] SPECIAL = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
      1f, -1f, 2.5f, -3.75f, 0.5f, 1e-3f, -7f, 65504f, -65504f, 1e-30f, -1e-30f};
  private static final int[][] SHAPES = {{1, 2, 6, 6}, {1, 3, 5, 7}};
  private static final String[] BINARY = {"Add", "Mul", "Div", "Max"};
  private static final String[] PRE = {"Mul", "Div", "Exp"};
  private static final String[] POST = {"Relu", "Exp", "Sqrt", "Tanh", "Add", "Max"};

  private CampaignModels() {}

  static ExtremeModels.Case generate(long seed) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    int[] shape = SHAPES[r.nextInt(SHAPES.length)];
    int c = shape[1];
    int h = shape[2];
    OnnxModelBuilder b = new OnnxModelBuilder().input("x", shape[0], c, h, shape[3]);
    StringBuilder desc = new StringBuilder("campaign x" + Arrays.toString(shape));
    String cur = "x";
    if (r.nextInt(2) == 0) { // an element-wise op before, of the few that make extremes
      cur = elementwise(b, r, PRE[r.nextInt(PRE.length)], cur, "pre", c, desc);
    }
    String out = "main";
    switch (r.nextInt(8)) {
      case 0 -> conv(b, r, cur, out, c, 3, 1, 1, desc);
      case 1 -> conv(b, r, cur, out, c, 1, 0, 2, desc);
      case 2, 3 -> { // Max/AveragePool 2x2 stride 2, ceil mode: the last window half outside
        boolean max = r.nextBoolean();
        b.node(max ? "MaxPool" : "AveragePool", names(cur), names(out), attrInts("kernel_shape", 2, 2),
            attrInts("strides", 2, 2), attr("ceil_mode", 1L));
        desc.append(max ? " MaxPool" : " AveragePool").append("(k2,s2,ceil)");
      }
      case 4 -> {
        boolean max = r.nextBoolean();
        b.node(max ? "GlobalMaxPool" : "GlobalAveragePool", names(cur), names(out));
        desc.append(max ? " GlobalMaxPool" : " GlobalAveragePool");
      }
      case 5 -> { // Gather on axis 2 with free indices: both ends, now and then past them
        long[] idx = {r.nextInt(h), -1 - r.nextInt(h)};
        if (r.nextInt(10) == 0) {
          idx[r.nextInt(2)] = r.nextBoolean() ? h : -h - 1;
        }
        b.initializerLongs("idx", idx, 2).node("Gather", names(cur, "idx"), names(out), attr("axis", 2L));
        desc.append(" Gather").append(Arrays.toString(idx));
      }
      case 6 -> {
        b.node("Transpose", names(cur), names(out), attrInts("perm", 0, 1, 3, 2));
        desc.append(" Transpose");
      }
      default -> {
        out = cur; // the element-wise ops alone
      }
    }
    cur = out;
    if (cur.equals("x") || r.nextInt(3) > 0) { // an element-wise op after, fused into the main op's kernel
      int channels = desc.indexOf("Conv") >= 0 ? 2 : c;
      cur = elementwise(b, r, POST[r.nextInt(POST.length)], cur, "post", channels, desc);
    }
    b.output(cur);
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("x", Tensor.ofFloats(shape, values(r, shape[0] * shape[1] * shape[2] * shape[3], 3)));
    return new ExtremeModels.Case(seed, desc.toString(), b.toBytes(), in);
  }

  private static void conv(OnnxModelBuilder b, SplittableRandom r, String in, String out, int c, int k, int p,
      int st, StringBuilder desc) {
    b.initializer("w", values(r, 2 * c * k * k, 6), 2, c, k, k).node("Conv", names(in, "w"), names(out),
        attrInts("pads", p, p, p, p), attrInts("strides", st, st));
    desc.append(" Conv(k").append(k).append(",p").append(p).append(",s").append(st).append(")");
  }

  /** A unary op, or a binary one with a per-channel constant of special values. */
  private static String elementwise(OnnxModelBuilder b, SplittableRandom r, String op, String in, String out,
      int c, StringBuilder desc) {
    if (Arrays.asList(BINARY).contains(op)) {
      float[] k = values(r, c, 2);
      for (int i = 0; i < c && op.equals("Div") && out.equals("pre"); i++) {
        // no 65504 / 1e-30 feeding a Conv: its products would pass FLT_MAX
        k[i] = k[i] != 0 && Math.abs(k[i]) < 1e-20f ? 0.5f : k[i];
      }
      b.initializer("k" + out, k, 1, c, 1, 1).node(op, names(in, "k" + out), names(out));
      desc.append(' ').append(op).append("(const)");
    } else {
      b.node(op, names(in), names(out));
      desc.append(' ').append(op);
    }
    return out;
  }

  /** {@code n} values, one in {@code oneIn} special, the rest in [-4, 4). */
  private static float[] values(SplittableRandom r, int n, int oneIn) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextInt(oneIn) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : (float) (r.nextDouble() * 8 - 4);
    }
    return v;
  }
}
