package cnnx.compiler.ops.spatial;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.ConcreteContext;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import java.util.List;

/**
 * RoiAlign-16: for each region of interest (x1, y1, x2, y2 in input pixels times spatial_scale) an
 * output_height x output_width grid of bins, each the average (or, as ONNX Runtime computes it, the
 * largest weighted corner) of bilinear samples on a sampling_ratio^2 grid (adaptive: ceil(roi size /
 * bins) when 0). half_pixel shifts coordinates by -0.5; output_half_pixel (the opset-10 behaviour)
 * does not and makes regions at least 1 x 1.
 */
public final class RoiAlign implements OpDef {
  @Override
  public String opType() {
    return "RoiAlign";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OPAQUE;
  }

  /** The attributes, validated. */
  public record Params(boolean max, boolean halfPixel, int outH, int outW, int samplingRatio, float spatialScale) {
    public static Params of(Node node) {
      String mode = node.stringAttr("mode", "avg");
      if (!mode.equals("avg") && !mode.equals("max")) {
        throw node.invalid("mode must be 'avg' or 'max', is '" + mode + "'");
      }
      String ct = node.stringAttr("coordinate_transformation_mode", "half_pixel");
      if (!ct.equals("half_pixel") && !ct.equals("output_half_pixel")) {
        throw node.invalid("coordinate_transformation_mode must be 'half_pixel' or 'output_half_pixel', is '" + ct + "'");
      }
      long oh = node.intAttr("output_height", 1);
      long ow = node.intAttr("output_width", 1);
      long sr = node.intAttr("sampling_ratio", 0);
      if (oh < 1 || ow < 1 || sr < 0 || oh > 1 << 16 || ow > 1 << 16 || sr > 1 << 16) {
        throw node.invalid("output_height " + oh + ", output_width " + ow + " and sampling_ratio " + sr
            + " must be positive (sampling_ratio may be 0)");
      }
      return new Params(mode.equals("max"), ct.equals("half_pixel"), (int) oh, (int) ow, (int) sr,
          node.floatAttr("spatial_scale", 1f));
    }
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Node node = ctx.node();
    Checks.inputs(ctx, 3, 3);
    Checks.outputs(node, 1);
    TensorType x = Checks.floating(ctx, 0, "X");
    Checks.rank(node, x, 4, "X (N x C x H x W)");
    TensorType rois = Checks.floating(ctx, 1, "rois");
    Checks.rank(node, rois, 2, "rois (num_rois x 4)");
    Checks.dim(node, rois.dim(1), 4, "rois' second dim");
    TensorType batch = ctx.inputType(2);
    if (batch.dtype() != DataType.INT64 || batch.rank() != 1) {
      throw node.invalid("batch_indices must be a 1-D int64 tensor, is " + batch);
    }
    Params p = Params.of(node);
    return List.of(Checks.type(x, List.of(rois.dim(0), x.dim(1), Dim.of(p.outH()), Dim.of(p.outW()))));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    int[] out = inferTypes(new ConcreteContext(node, inputs)).get(0).shape();
    Params p = Params.of(node);
    Tensor x = inputs.get(0);
    int n = x.dim(0);
    int channels = x.dim(1);
    int height = x.dim(2);
    int width = x.dim(3);
    float[] xs = x.floats();
    float[] rois = inputs.get(1).floats();
    long[] batches = inputs.get(2).longs();
    if (batches.length != out[0]) {
      throw node.invalid("batch_indices has " + batches.length + " entries for " + out[0] + " rois");
    }
    float[] y = new float[out[0] * channels * p.outH() * p.outW()];
    double offset = p.halfPixel() ? 0.5 : 0;
    for (int r = 0; r < out[0]; r++) {
      long b = batches[r];
      if (b < 0 || b >= n) {
        throw node.invalid("batch index " + b + " of roi " + r + " is out of range for a batch of " + n);
      }
      double x1 = rois[r * 4] * (double) p.spatialScale() - offset;
      double y1 = rois[r * 4 + 1] * (double) p.spatialScale() - offset;
      double rw = rois[r * 4 + 2] * (double) p.spatialScale() - offset - x1;
      double rh = rois[r * 4 + 3] * (double) p.spatialScale() - offset - y1;
      if (!p.halfPixel()) {
        rw = Math.max(rw, 1);
        rh = Math.max(rh, 1);
      }
      double binH = rh / p.outH();
      double binW = rw / p.outW();
      int gridH = p.samplingRatio() > 0 ? p.samplingRatio() : (int) Math.ceil(rh / p.outH());
      int gridW = p.samplingRatio() > 0 ? p.samplingRatio() : (int) Math.ceil(rw / p.outW());
      int count = Math.max(gridH * gridW, 1);
      for (int c = 0; c < channels; c++) {
        int plane = (int) ((b * channels + c) * height * width);
        for (int ph = 0; ph < p.outH(); ph++) {
          for (int pw = 0; pw < p.outW(); pw++) {
            double acc = 0;
            boolean first = true;
            for (int iy = 0; iy < gridH; iy++) {
              double sy = y1 + ph * binH + (iy + 0.5) * binH / gridH;
              for (int ix = 0; ix < gridW; ix++) {
                double sx = x1 + pw * binW + (ix + 0.5) * binW / gridW;
                double v = sample(xs, plane, height, width, sy, sx, p.max());
                if (!p.max()) {
                  acc += v;
                } else {
                  acc = first ? v : Math.max(acc, v);
                  first = false;
                }
              }
            }
            y[((r * channels + c) * p.outH() + ph) * p.outW() + pw] = (float) (p.max() ? acc : acc / count);
          }
        }
      }
    }
    return List.of(Tensor.ofFloats(x.dtype(), out, y));
  }

  /** Bilinear value at (y, x); in max mode the largest of the four weighted corners. Outside: 0. */
  private static double sample(float[] xs, int plane, int height, int width, double y, double x, boolean max) {
    if (y < -1 || y > height || x < -1 || x > width) {
      return 0;
    }
    y = Math.max(y, 0);
    x = Math.max(x, 0);
    int yl = (int) y;
    int xl = (int) x;
    int yh;
    int xh;
    if (yl >= height - 1) {
      yh = yl = height - 1;
      y = yl;
    } else {
      yh = yl + 1;
    }
    if (xl >= width - 1) {
      xh = xl = width - 1;
      x = xl;
    } else {
      xh = xl + 1;
    }
    double ly = y - yl;
    double lx = x - xl;
    double hy = 1 - ly;
    double hx = 1 - lx;
    double a = hy * hx * xs[plane + yl * width + xl];
    double b = hy * lx * xs[plane + yl * width + xh];
    double c = ly * hx * xs[plane + yh * width + xl];
    double d = ly * lx * xs[plane + yh * width + xh];
    return max ? Math.max(Math.max(Math.max(a, b), c), d) : a + b + c + d;
  }
}
