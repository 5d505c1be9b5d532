package cnnx.host.device.aparapi.lower;

import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import java.util.List;

/**
 * The Reduce ops in their opset-18 form (axes an optional constant input, keepdims, noop_with_empty_axes): each
 * output element's group of input elements is listed once, at load, for one {@link ReduceStep}.
 */
final class ReduceLowering {
  private ReduceLowering() {}

  private static final List<String> OPS = List.of("ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd",
      "ReduceSumSquare", "ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp");

  static boolean handles(String op) {
    return OPS.contains(op);
  }

  static List<Step> lower(Node n, LoweringContext ctx) {
    int[] shape = ctx.shape(n.input(0));
    long[] axes = n.hasInput(1) ? ctx.requireConstant(n, 1, "axes").longs() : new long[0];
    boolean[] reduced = new boolean[shape.length];
    if (axes.length == 0) {
      java.util.Arrays.fill(reduced, n.intAttr("noop_with_empty_axes", 0) == 0);
    }
    for (long a : axes) {
      reduced[Shapes.normalizeAxis(a, shape.length)] = true;
    }
    int[] outShape = shape.clone();
    for (int k = 0; k < shape.length; k++) {
      if (reduced[k]) {
        outShape[k] = 1;
      }
    }
    int size = Shapes.size(shape);
    int outSize = Shapes.size(outShape);
    int[] outOf = new int[size];
    int[] counts = new int[outSize + 1];
    int[] strides = Shapes.strides(shape);
    int[] outStrides = Shapes.strides(outShape);
    for (int i = 0; i < size; i++) {
      int rest = i;
      int o = 0;
      for (int k = 0; k < shape.length; k++) {
        int coord = rest / strides[k];
        rest -= coord * strides[k];
        if (!reduced[k]) {
          o += coord * outStrides[k];
        }
      }
      outOf[i] = o;
      counts[o + 1]++;
    }
    int[] start = new int[outSize + 1];
    for (int o = 0; o < outSize; o++) {
      start[o + 1] = start[o] + counts[o + 1];
    }
    int[] fill = start.clone();
    int[] index = new int[Math.max(size, 1)];
    for (int i = 0; i < size; i++) {
      index[fill[outOf[i]]++] = i;
    }
    return List.of(new ReduceStep(List.of(n.name()), n.input(0), n.output(0), OPS.indexOf(n.opType()), index, start));
  }
}
