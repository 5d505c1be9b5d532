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
import java.util.List;
import java.util.Optional;

/**
 * ConvTranspose-11: the gradient of Conv with respect to its input (1 to 3 spatial dims). W is
 * C x M/group x k1 ...; every input element scatters {@code x * w} to the outputs its taps reach.
 */
final class ConvTranspose implements OpDef {
  record Plan(WindowGeometry geometry, int group, TensorType output) {}

  @Override
  public String opType() {
    return "ConvTranspose";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OUT_ELEMENTWISE_FUSABLE;
  }

  /** Each input element scatters into (Cout / group) x kernel volume outputs. */
  @Override
  public Optional<Cost> cost(Graph g, Node n) {
    var x = Cost.shape(g, n.input(0));
    var w = Cost.shape(g, n.input(1));
    return Cost.withMacs(g, n, x.flatMap(xs -> w.map(ws -> Cost.volume(xs) * Cost.volume(ws, 1))));
  }

  static Plan plan(InferenceContext ctx) {
    Node node = ctx.node();
    ConvOperands o = ConvOperands.check(ctx, "C x M/group x k1 ...");
    TensorType w = o.w();
    long group = o.group();
    long c = o.channels();
    long wc = Checks.known(w.dim(0));
    long mg = Checks.known(w.dim(1));
    if (c >= 0 && wc >= 0 && c != wc) {
      throw node.invalid("W has " + wc + " input channels (dim 0) but X has " + c);
    }
    long m = mg < 0 ? -1 : mg * group;
    long[] kernel = Conv.kernel(node, w, o.spatialRank());
    o.checkBias(ctx, m);
    WindowGeometry g = TransposeGeometry.of(node, kernel, Checks.dims(o.x(), 2));
    return new Plan(g, o.groupInt(), o.output(group == 1 ? w.dim(1) : Checks.dimOf(m), g));
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

  /** The scatter form, every shape widened to 3 spatial dims; one task per output plane. */
  private static final class Loops {
    final int n;
    final int c;
    final int cg;
    final int mg;
    final int m;
    final int[] in;
    final int[] k;
    final int[] s;
    final int[] d;
    final int[] pad;
    final int[] out;

    Loops(WindowGeometry g, int[] xShape, int[] wShape, int group) {
      n = xShape[0];
      c = xShape[1];
      cg = c / group;
      mg = wShape[1];
      m = mg * group;
      in = WindowGeometry.to3(g.input(), 1);
      k = WindowGeometry.to3(g.kernel(), 1);
      s = WindowGeometry.to3(g.strides(), 1);
      d = WindowGeometry.to3(g.dilations(), 1);
      pad = WindowGeometry.to3(g.padBegin(), 0);
      out = WindowGeometry.to3(g.output(), 1);
    }

    void plane(int task, float[] x, float[] w, float[] bias, float[] y) {
      int batch = task / m;
      int oc = task % m;
      int group = oc / mg;
      int ocInGroup = oc % mg;
      int inPlane = in[0] * in[1] * in[2];
      int outPlane = out[0] * out[1] * out[2];
      int kernelSize = k[0] * k[1] * k[2];
      // Per kx, the input x range whose output x = ix*s - pad + kx*d stays inside [0, out).
      int[] shift = new int[k[2]];
      int[] ixLo = new int[k[2]];
      int[] ixHi = new int[k[2]];
      for (int kx = 0; kx < k[2]; kx++) {
        shift[kx] = kx * d[2] - pad[2];
        ixLo[kx] = Math.max(0, Math.ceilDiv(-shift[kx], s[2]));
        ixHi[kx] = Math.min(in[2], Math.floorDiv(out[2] - 1 - shift[kx], s[2]) + 1);
      }
      double[] acc = new double[outPlane];
      for (int ci = 0; ci < cg; ci++) {
        int channel = group * cg + ci;
        int xPlane = (batch * c + channel) * inPlane;
        int wBase = (channel * mg + ocInGroup) * kernelSize;
        for (int kz = 0; kz < k[0]; kz++) {
          for (int ky = 0; ky < k[1]; ky++) {
            for (int kx = 0; kx < k[2]; kx++) {
              double wv = w[wBase + (kz * k[1] + ky) * k[2] + kx];
              for (int iz = 0; iz < in[0]; iz++) {
                int oz = iz * s[0] - pad[0] + kz * d[0];
                if (oz < 0 || oz >= out[0]) {
                  continue;
                }
                for (int iy = 0; iy < in[1]; iy++) {
                  int oy = iy * s[1] - pad[1] + ky * d[1];
                  if (oy < 0 || oy >= out[1]) {
                    continue;
                  }
                  int dst = (oz * out[1] + oy) * out[2] + shift[kx];
                  int src = xPlane + (iz * in[1] + iy) * in[2];
                  for (int ix = ixLo[kx]; ix < ixHi[kx]; ix++) {
                    acc[dst + ix * s[2]] += wv * x[src + ix];
                  }
                }
              }
            }
          }
        }
      }
      double b = bias == null ? 0 : bias[oc];
      int yBase = task * outPlane;
      for (int i = 0; i < outPlane; i++) {
        y[yBase + i] = (float) (acc[i] + b);
      }
    }
  }
}
