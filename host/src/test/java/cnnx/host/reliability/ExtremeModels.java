package cnnx.host.reliability;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A generator of valid-but-extreme models, one per seed: a chain of 1 to 6 ops on an NCHW float
 * input whose sizes it tracks, with attributes drawn from the edges (pads, strides, kernel as
 * large as the input, ceil mode, reflect padding, index constants at both ends and past them,
 * now and then a size bomb), inputs full of NaN, ±inf and ±0, and occasional opset and IR-version
 * mixes. Most models are valid; the rest must be refused alike by every device.
 */
final class ExtremeModels {
  /** A model and the inputs to feed it. */
  record Case(long seed, String description, byte[] model, Map<String, Tensor> inputs) {}

  private static final float[] SPECIAL = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
      1f, -1f, 2.5f, -3.75f, 0.5f, 1e-3f, -7f, 65504f, 1e-30f};

  private ExtremeModels() {}

  static Case generate(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = 1;
    int c = 1 + r.nextInt(4);
    int h = 1 + r.nextInt(9);
    int w = 1 + r.nextInt(9);
    OnnxModelBuilder b = new OnnxModelBuilder().input("x", n, c, h, w);
    if (r.nextInt(20) == 0) {
      b.opset(11 + r.nextInt(10));
    }
    StringBuilder desc = new StringBuilder("x[" + n + "," + c + "," + h + "," + w + "]");
    String cur = "x";
    int steps = 1 + r.nextInt(6);
    for (int s = 0; s < steps; s++) {
      String out = "v" + s;
      boolean bomb = r.nextInt(40) == 0;
      switch (r.nextInt(14)) {
        case 0 -> { // Conv, kernel up to the padded input
          int m = 1 + r.nextInt(4);
          int ph = bomb ? 400_000_000 : r.nextInt(3);
          int pw = r.nextInt(3);
          int kh = 1 + r.nextInt((int) Math.min(3, (long) h + 2L * ph)); // long: h may already be a bomb's
          int kw = 1 + r.nextInt((int) Math.min(3, (long) w + 2L * pw));
          int sh = 1 + r.nextInt(3);
          int sw = 1 + r.nextInt(3);
          float[] wt = new float[m * c * kh * kw];
          for (int i = 0; i < wt.length; i++) {
            wt[i] = r.nextInt(8) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : (float) (r.nextDouble() - 0.5);
          }
          b.initializer("w" + s, wt, m, c, kh, kw).node("Conv", names(cur, "w" + s), names(out),
              attrInts("pads", ph, pw, ph, pw), attrInts("strides", sh, sw));
          desc.append(" Conv(k").append(kh).append("x").append(kw).append(",p").append(ph).append(",s").append(sh)
              .append(")");
          c = m;
          h = (int) Math.min(Integer.MAX_VALUE, ((long) h + 2L * ph - kh) / sh + 1);
          w = (w + 2 * pw - kw) / sw + 1;
        }
        case 1, 2 -> { // MaxPool / AveragePool, windows as large as the input, ceil mode
          boolean max = r.nextBoolean();
          int kh = 1 + r.nextInt(Math.min(3, h));
          int kw = 1 + r.nextInt(Math.min(3, w));
          int ph = r.nextInt(kh);
          int pw = r.nextInt(kw);
          int st = 1 + r.nextInt(3);
          long ceil = r.nextInt(3) == 0 ? 1 : 0;
          b.node(max ? "MaxPool" : "AveragePool", names(cur), names(out), attrInts("kernel_shape", kh, kw),
              attrInts("pads", ph, pw, ph, pw), attrInts("strides", st, st), attr("ceil_mode", ceil));
          desc.append(max ? " MaxPool" : " AveragePool").append("(k").append(kh).append("x").append(kw).append(",p")
              .append(ph).append(pw).append(",s").append(st).append(ceil == 1 ? ",ceil" : "").append(")");
          h = pooled(h, kh, ph, st, ceil == 1);
          w = pooled(w, kw, pw, st, ceil == 1);
        }
        case 3 -> {
          String op = new String[] {"Relu", "Neg", "Abs", "Sigmoid", "Tanh", "Floor", "Sqrt", "Exp"}[r.nextInt(8)];
          b.node(op, names(cur), names(out));
          desc.append(' ').append(op);
        }
        case 4 -> { // binary with a broadcast constant of special values
          String op = new String[] {"Add", "Mul", "Div", "Max", "Min", "Sub"}[r.nextInt(6)];
          float[] k = new float[c];
          for (int i = 0; i < c; i++) {
            k[i] = SPECIAL[r.nextInt(SPECIAL.length)];
          }
          b.initializer("k" + s, k, 1, c, 1, 1).node(op, names(cur, "k" + s), names(out));
          desc.append(' ').append(op).append("(const)");
        }
        case 5 -> { // Concat with itself along a random axis
          int axis = 1 + r.nextInt(3);
          b.node("Concat", names(cur, cur), names(out), attr("axis", (long) axis));
          desc.append(" Concat(axis ").append(axis).append(")");
          if (axis == 1) {
            c *= 2;
          } else if (axis == 2) {
            h *= 2;
          } else {
            w *= 2;
          }
        }
        case 6 -> { // Pad: constant, reflect (needs room) or edge
          String mode = new String[] {"constant", "reflect", "edge"}[r.nextInt(3)];
          int p = bomb ? 700_000_000 : r.nextInt(mode.equals("reflect") ? Math.max(1, Math.min(h, w)) : 3);
          b.initializerLongs("pads" + s, new long[] {0, 0, p, p, 0, 0, p, p}, 8)
              .node("Pad", names(cur, "pads" + s), names(out), attr("mode", mode));
          desc.append(" Pad(").append(mode).append(",").append(p).append(")");
          h += 2 * p;
          w += 2 * p;
        }
        case 7 -> { // Resize nearest or linear by 1 or 2, or a bomb
          float f = bomb ? 1e6f : 1 + r.nextInt(2);
          String mode = r.nextBoolean() ? "nearest" : "linear";
          b.initializer("scales" + s, new float[] {1, 1, f, f}, 4)
              .node("Resize", names(cur, "", "scales" + s), names(out), attr("mode", mode));
          desc.append(" Resize(").append(mode).append(",").append(f).append(")");
          h = (int) Math.min(Integer.MAX_VALUE, (long) (h * f));
          w = (int) Math.min(Integer.MAX_VALUE, (long) (w * f));
        }
        case 8 -> {
          boolean max = r.nextBoolean();
          b.node(max ? "GlobalMaxPool" : "GlobalAveragePool", names(cur), names(out));
          desc.append(max ? " GlobalMaxPool" : " GlobalAveragePool");
          h = 1;
          w = 1;
        }
        case 9 -> {
          b.node("Transpose", names(cur), names(out), attrInts("perm", 0, 1, 3, 2));
          desc.append(" Transpose");
          int t = h;
          h = w;
          w = t;
        }
        case 10 -> { // Gather on axis 2 with constant indices, at both ends, now and then past them
          long[] idx = {r.nextInt(h), -1 - r.nextInt(h)};
          if (r.nextInt(10) == 0) {
            idx[1] = h;
          }
          b.initializerLongs("idx" + s, idx, 2).node("Gather", names(cur, "idx" + s), names(out), attr("axis", 2L));
          desc.append(" Gather").append(java.util.Arrays.toString(idx));
          h = 2;
        }
        case 11 -> {
          String op = r.nextBoolean() ? "ReduceMax" : "ReduceMean";
          b.node(op, names(cur), names(out), attrInts("axes", 3), attr("keepdims", 1L));
          desc.append(' ').append(op);
          w = 1;
        }
        case 12 -> { // Tile, now and then a bomb
          long rep = bomb ? 1_000_000 : 1 + r.nextInt(2);
          b.initializerLongs("rep" + s, new long[] {1, 1, rep, rep}, 4).node("Tile", names(cur, "rep" + s), names(out));
          desc.append(" Tile(").append(rep).append(")");
          h = (int) Math.min(Integer.MAX_VALUE, h * rep);
          w = (int) Math.min(Integer.MAX_VALUE, w * rep);
        }
        default -> {
          b.node("Clip", names(cur), names(out));
          desc.append(" Clip");
        }
      }
      cur = out;
      if (h < 1 || w < 1 || (long) c * h * w > 4_000_000) {
        break; // keep runs small; the invalid or huge model is still built and checked
      }
    }
    b.output(cur);
    if (r.nextInt(30) == 0) {
      b.irVersion(3 + r.nextInt(8));
    }
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("x", special(r, b));
    return new Case(seed, desc.toString(), b.toBytes(), in);
  }

  private static int pooled(int in, int k, int p, int s, boolean ceil) {
    int span = in + 2 * p - k;
    return span < 0 ? 0 : (ceil ? Math.ceilDiv(span, s) : span / s) + 1;
  }

  private static Tensor special(SplittableRandom r, OnnxModelBuilder b) {
    var dims = b.build().getGraph().getInput(0).getType().getTensorType().getShape().getDimList();
    int[] shape = dims.stream().mapToInt(d -> (int) d.getDimValue()).toArray();
    int count = 1;
    for (int d : shape) {
      count *= d;
    }
    float[] v = new float[count];
    for (int i = 0; i < count; i++) {
      v[i] = r.nextInt(5) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : (float) (r.nextDouble() * 8 - 4);
    }
    return Tensor.ofFloats(shape, v);
  }
}
