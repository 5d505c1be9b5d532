package cnnx.compiler.ops.spatial;

import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What Conv and ConvTranspose share: the operand checks (X and W of one floating type and equal
 * rank, a positive group dividing X's channels, an optional bias with one entry per output
 * channel), the output type, and the plane-parallel evaluation.
 *
 * @param channels X's channels, -1 when not known
 */
record ConvOperands(TensorType x, TensorType w, int spatialRank, long group, long channels) {

  /** Checks X, W and group; {@code wLayout} names W's dims for messages. */
  static ConvOperands check(InferenceContext ctx, String wLayout) {
    Node node = ctx.node();
    Checks.inputs(ctx, 2, 3);
    Checks.outputs(node, 1);
    TensorType x = Checks.floating(ctx, 0, "X");
    TensorType w = Checks.floating(ctx, 1, "W");
    Checks.sameDtype(node, x, w, "W");
    int r = Checks.spatialRank(node, x, 3);
    if (w.rank() != x.rank()) {
      throw node.invalid("W must have rank " + x.rank() + " like X (" + wLayout + "), has type " + w);
    }
    long group = node.intAttr("group", 1);
    if (group < 1) {
      throw node.invalid("group must be positive, is " + group);
    }
    long c = Checks.known(x.dim(1));
    if (c >= 0 && c % group != 0) {
      throw node.invalid("group " + group + " does not divide the " + c + " input channels");
    }
    return new ConvOperands(x, w, r, group, c);
  }

  /** The bias B, when given: X's type, rank 1, {@code outChannels} entries (-1: not known). */
  void checkBias(InferenceContext ctx, long outChannels) {
    if (ctx.hasInput(2)) {
      Node node = ctx.node();
      TensorType b = Checks.floating(ctx, 2, "B");
      Checks.sameDtype(node, x, b, "B");
      Checks.rank(node, b, 1, "B");
      Checks.dim(node, b.dim(0), outChannels, "the size of B (one bias per output channel)");
    }
  }

  /** The group as an int (a larger one fails the channel checks before it is used). */
  int groupInt() {
    return (int) Math.min(group, Integer.MAX_VALUE);
  }

  /** Computes output plane {@code task} (batch * M + output channel) of y; bias may be null. */
  interface PlaneTask {
    void plane(int task, float[] x, float[] w, float[] bias, float[] y);
  }

  /** Runs the planes of X (input 0), W (input 1) and the optional bias B (input 2) in parallel. */
  static List<Tensor> evaluate(List<Tensor> inputs, TensorType output, int planes, PlaneTask task) {
    Tensor x = inputs.get(0);
    Tensor b = inputs.size() > 2 ? inputs.get(2) : null;
    float[] xs = x.floats();
    float[] ws = inputs.get(1).floats();
    float[] bs = b == null ? null : b.floats();
    int[] outShape = output.shape();
    float[] y = new float[Shapes.size(outShape)];
    IntStream.range(0, planes).parallel().forEach(p -> task.plane(p, xs, ws, bs, y));
    return List.of(Tensor.ofFloats(x.dtype(), outShape, y));
  }

  /** The output type: N x outChannels x the geometry's output sizes. */
  TensorType output(Dim outChannels, WindowGeometry g) {
    List<Dim> dims = new ArrayList<>(List.of(x.dim(0), outChannels));
    for (long o : g.output()) {
      dims.add(Checks.dimOf(o));
    }
    return Checks.type(x, dims);
  }
}
