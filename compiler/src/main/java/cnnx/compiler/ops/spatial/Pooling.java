package cnnx.compiler.ops.spatial;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The checks and output shape MaxPool, AveragePool and LpPool share. */
final class Pooling {
  private Pooling() {}

  record Plan(WindowGeometry geometry, TensorType output) {
    int planes() {
      return output.shape()[0] * output.shape()[1];
    }
  }

  /** One input X (N x C x D1 ...), required kernel_shape, optional ceil_mode, strides, pads, dilations. */
  static Plan plan(InferenceContext ctx, int maxOutputs) {
    return plan(ctx, maxOutputs, Set.of());
  }

  /** As {@link #plan(InferenceContext, int)}, X of a floating type or one of {@code integers}. */
  static Plan plan(InferenceContext ctx, int maxOutputs, Set<DataType> integers) {
    Node node = ctx.node();
    Checks.inputs(ctx, 1, 1);
    Checks.outputs(node, maxOutputs);
    TensorType x = integers.contains(ctx.inputType(0).dtype()) ? ctx.inputType(0) : Checks.floating(ctx, 0, "X");
    int r = Checks.spatialRank(node, x, Integer.MAX_VALUE);
    long[] kernel = WindowGeometry.kernelShape(node, r, true);
    boolean ceil = Checks.flag(node, "ceil_mode", 0);
    WindowGeometry g = WindowGeometry.forward(node, kernel, Checks.dims(x, 2), ceil);
    List<Dim> dims = new ArrayList<>(List.of(x.dim(0), x.dim(1)));
    for (long o : g.output()) {
      dims.add(Checks.dimOf(o));
    }
    return new Plan(g, Checks.type(x, dims));
  }
}
