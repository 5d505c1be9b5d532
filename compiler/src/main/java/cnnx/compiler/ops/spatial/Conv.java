package cnnx.compiler.ops.spatial;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.ConcreteContext;
import cnnx.compiler.ops.Cost;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Conv-11: grouped, strided, dilated, padded N-D convolution (1 to 3 spatial dims), optional bias. */
final class Conv implements OpDef {
  /** The checked node: window geometry, group and output type. */
  record Plan(WindowGeometry geometry, int group, TensorType output) {}

  @Override
  public String opType() {
    return "Conv";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OUT_ELEMENTWISE_FUSABLE;
  }

  /** Each output element takes (Cin / group) x kernel volume MACs. */
  @Override
  public Optional<Cost> cost(Graph g, Node n) {
    var y = Cost.shape(g, n.output(0));
    var w = Cost.shape(g, n.input(1));
    return Cost.withMacs(g, n, y.flatMap(ys -> w.map(ws -> Cost.volume(ys) * Cost.volume(ws, 1))));
  }

  static Plan plan(InferenceContext ctx) {
    Node node = ctx.node();
    ConvOperands o = ConvOperands.check(ctx, "M x C/group x k1 ...");
    TensorType w = o.w();
    long group = o.group();
    long c = o.channels();
    long m = Checks.known(w.dim(0));
    long wc = Checks.known(w.dim(1));
    if (m >= 0 && m % group != 0) {
      throw node.invalid("group " + group + " does not divide the " + m + " output channels (W dim 0)");
    }
    if (c >= 0 && wc >= 0 && wc * group != c) {
      throw node.invalid("W has " + wc + " input channels per group but X has " + c + " channels in "
          + group + " group(s), " + c / group + " per group");
    }
    long[] kernel = kernel(node, w, o.spatialRank());
    o.checkBias(ctx, m);
    WindowGeometry g = WindowGeometry.forward(node, kernel, Checks.dims(o.x(), 2), false);
    return new Plan(g, o.groupInt(), o.output(w.dim(0), g));
  }

  /** kernel_shape, or W's spatial dims when absent; the two must agree. */
  static long[] kernel(Node node, TensorType w, int r) {
    long[] fromW = Checks.dims(w, 2);
    long[] k = WindowGeometry.kernelShape(node, r, false);
    if (k == null) {
      return fromW;
    }
    for (int i = 0; i < r; i++) {
      if (fromW[i] >= 0 && fromW[i] != k[i]) {
        throw node.invalid("kernel_shape " + Arrays.toString(k) + " does not match W of type " + w);
      }
    }
    return k;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    return List.of(plan(ctx).output());
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    Plan p = plan(new ConcreteContext(node, inputs));
    Loops loops = new Loops(p.geometry(), inputs.get(0).shape(), inputs.get(1).shape(), p.group());
    return ConvOperands.evaluate(inputs, p.output(), loops.n * loops.m, loops::plane);
  }

  /** The direct convolution, every shape widened to 3 spatial dims. */
  static final class Loops {
    final int n;
    final int m;
    final int c;
    final int cg;
    final int mg;
    final int[] in;
    final int[] k;
    final int[] s;
    final int[] d;
    final int[] pad;
    final int[] out;

    Loops(WindowGeometry g, int[] xShape, int[] wShape, int group) {
      n = xShape[0];
      c = xShape[1];
      m = wShape[0];
      cg = wShape[1];
      mg = m / group;
      in = WindowGeometry.to3(g.input(), 1);
      k = WindowGeometry.to3(g.kernel(), 1);
      s = WindowGeometry.to3(g.strides(), 1);
      d = WindowGeometry.to3(g.dilations(), 1);
      pad = WindowGeometry.to3(g.padBegin(), 0);
      out = WindowGeometry.to3(g.output(), 1);
    }

    /** Output plane (batch, output channel) = task: accumulate every tap into a double plane. */
    void plane(int task, float[] x, float[] w, float[] bias, float[] y) {
      double[] acc = accumulate(task, x, w);
      int oc = task % m;
      double b = bias == null ? 0 : bias[oc];
      int yBase = task * acc.length;
      for (int i = 0; i < acc.length; i++) {
        y[yBase + i] = (float) (acc[i] + b);
      }
    }

    int outPlane() {
      return out[0] * out[1] * out[2];
    }

    /** The plane's sums in double: exact for integer operands (quantized convolutions). */
    double[] accumulate(int task, float[] x, float[] w) {
      int batch = task / m;
      int oc = task % m;
      int firstChannel = oc / mg * cg;
      int inPlane = in[0] * in[1] * in[2];
      int outPlane = out[0] * out[1] * out[2];
      int kernelSize = k[0] * k[1] * k[2];
      // Per kx, the output x range whose input x = ox*s - pad + kx*d stays inside [0, in).
      int[] shift = new int[k[2]];
      int[] oxLo = new int[k[2]];
      int[] oxHi = new int[k[2]];
      for (int kx = 0; kx < k[2]; kx++) {
        shift[kx] = kx * d[2] - pad[2];
        oxLo[kx] = Math.max(0, Math.ceilDiv(-shift[kx], s[2]));
        oxHi[kx] = Math.min(out[2], Math.floorDiv(in[2] - 1 - shift[kx], s[2]) + 1);
      }
      double[] acc = new double[outPlane];
      for (int ci = 0; ci < cg; ci++) {
        int xPlane = (batch * c + firstChannel + ci) * inPlane;
        int wBase = (oc * cg + ci) * kernelSize;
        for (int kz = 0; kz < k[0]; kz++) {
          for (int ky = 0; ky < k[1]; ky++) {
            for (int kx = 0; kx < k[2]; kx++) {
              if (oxLo[kx] >= oxHi[kx]) {
                continue;
              }
              double wv = w[wBase + (kz * k[1] + ky) * k[2] + kx];
              for (int oz = 0; oz < out[0]; oz++) {
                int iz = oz * s[0] - pad[0] + kz * d[0];
                if (iz < 0 || iz >= in[0]) {
                  continue;
                }
                for (int oy = 0; oy < out[1]; oy++) {
                  int iy = oy * s[1] - pad[1] + ky * d[1];
                  if (iy < 0 || iy >= in[1]) {
                    continue;
                  }
                  int row = (oz * out[1] + oy) * out[2];
                  int src = xPlane + (iz * in[1] + iy) * in[2] + shift[kx];
                  accumulate(acc, row, x, src, s[2], oxLo[kx], oxHi[kx], wv);
                }
              }
            }
          }
        }
      }
      return acc;
    }

    /** acc[row + ox] += wv * x[src + ox * stride] for ox in [lo, hi); contiguous when stride is 1. */
    private static void accumulate(double[] acc, int row, float[] x, int src, int stride, int lo, int hi,
        double wv) {
      if (stride == 1) {
        for (int ox = lo; ox < hi; ox++) {
          acc[row + ox] += wv * x[src + ox];
        }
      } else {
        for (int ox = lo; ox < hi; ox++) {
          acc[row + ox] += wv * x[src + ox * stride];
        }
      }
    }
  }
}
