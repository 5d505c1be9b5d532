package cnnx.host.device.aparapi.lower;

import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.tensor.ResizeAttributes;
import cnnx.compiler.ops.tensor.ResizePlan;
import cnnx.compiler.ops.tensor.ResizeTaps;
import java.util.ArrayList;
import java.util.List;

/**
 * Resize as the reference computes it: one axis at a time, each output a weighted sum of input taps. The taps
 * come from the reference's own {@link ResizeTaps}; each resized axis is one {@link TapsStep}.
 */
final class ResizeLowering {
  private ResizeLowering() {}

  static List<Step> lower(Node n, LoweringContext ctx, List<String> nodes) {
    int[] shape = ctx.shape(n.input(0));
    ResizeAttributes a = ResizeAttributes.parse(n, shape.length);
    float[] roi = floats(n, ctx, 1);
    float[] scales = floats(n, ctx, 2);
    long[] sizes = null;
    if (n.hasInput(3)) {
      Tensor s = ctx.requireConstant(n, 3, "sizes");
      sizes = s.size() == 0 ? null : s.longs();
    }
    ResizePlan plan = ResizePlan.of(n, a, TensorType.of(ctx.type(n.input(0)).dtype(), shape).dims(), roi, scales,
        sizes);
    int[] outShape = ctx.shape(n.output(0));
    List<Step> steps = new ArrayList<>();
    int[] cur = shape.clone();
    String current = n.input(0);
    List<Integer> axes = new ArrayList<>();
    List<ResizeTaps> taps = new ArrayList<>();
    for (int k = 0; k < shape.length; k++) {
      ResizeTaps t = ResizeTaps.of(a, shape[k], outShape[k], plan.scales()[k], plan.roiStart()[k], plan.roiEnd()[k]);
      if (!t.isIdentity(shape[k])) {
        axes.add(k);
        taps.add(t);
      }
    }
    if (axes.isEmpty()) {
      return List.of(new AliasStep(nodes, n.input(0), n.output(0)));
    }
    for (int i = 0; i < axes.size(); i++) {
      int k = axes.get(i);
      String target = i == axes.size() - 1 ? n.output(0) : n.output(0) + "#axis" + k;
      steps.add(axis(nodes, current, target, cur, k, outShape[k], taps.get(i)));
      cur[k] = outShape[k];
      current = target;
    }
    return steps;
  }

  private static TapsStep axis(List<String> nodes, String in, String out, int[] shape, int axis, int outLen,
      ResizeTaps t) {
    int outer = Shapes.product(shape, 0, axis);
    int inLen = shape[axis];
    int inner = Shapes.product(shape, axis + 1, shape.length);
    int size = outer * outLen * inner;
    int taps = t.taps();
    int[] index = new int[size * taps];
    float[] weight = new float[size * taps];
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < outLen; j++) {
        if (t.outside(j)) {
          throw new Unsupported("extrapolated outputs (tf_crop_and_resize outside the input)");
        }
        for (int i = 0; i < inner; i++) {
          int e = ((o * outLen + j) * inner + i) * taps;
          for (int p = 0; p < taps; p++) {
            index[e + p] = (o * inLen + t.index(j, p)) * inner + i;
            weight[e + p] = (float) t.weight(j, p);
          }
        }
      }
    }
    return new TapsStep(nodes, in, out, size, taps, index, weight);
  }

  private static float[] floats(Node n, LoweringContext ctx, int i) {
    if (!n.hasInput(i)) {
      return null;
    }
    Tensor t = ctx.requireConstant(n, i, i == 1 ? "roi" : "scales");
    return t.size() == 0 ? null : t.floats();
  }
}
