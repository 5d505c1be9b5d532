package cnnx.compiler.codegen.tensor;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ops.tensor.SplitOp;
import java.util.Arrays;
import java.util.List;

/** Concat and Split: a coordinate along the axis picks an input (Concat) or is offset (Split). */
final class JoinKernels {
  private JoinKernels() {}

  /** The input whose range along the axis holds the coordinate, at the coordinate minus its start. */
  static void concat(ElementContext ctx) {
    int rank = ctx.outputShape().length;
    int axis = Shapes.normalizeAxis(ctx.node().intAttr("axis", 0), rank);
    List<String> out = Coords.output(ctx);
    String c = ctx.coord(axis);
    String v = ctx.declare(ctx.outputType().openClType(), "v", Coords.zero(ctx.outputType()));
    int inputs = ctx.node().inputs().size();
    int last = -1;
    for (int i = 0; i < inputs; i++) {
      if (ctx.inputShape(i)[axis] > 0) {
        last = i;
      }
    }
    long start = 0;
    boolean first = true;
    for (int i = 0; i <= last; i++) {
      long len = ctx.inputShape(i)[axis];
      if (len == 0) {
        continue;
      }
      String load = ctx.load(i, Coords.with(out, axis, Coords.plus(c, -start)));
      String guard = i == last ? "" : "if (" + c + " < " + (start + len) + "L) ";
      ctx.statement((first ? "" : "else ") + guard + "{ " + v + " = " + load + "; }");
      first = false;
      start += len;
    }
    ctx.result(v);
  }

  /** Output j reads the input at its coordinate plus the sizes of outputs 0..j-1 along the axis. */
  static void split(ElementContext ctx) {
    Node node = ctx.node();
    int[] in = ctx.inputShape(0);
    int axis = Shapes.normalizeAxis(node.intAttr("axis", 0), in.length);
    long[] sizes = SplitOp.sizes(node, Dim.of(in[axis]), Coords.optionalLongs(ctx, 1, "split"));
    if (sizes[ctx.output()] != ctx.outputShape()[axis]) {
      throw new IllegalStateException(node.describe() + ": split sizes " + Arrays.toString(sizes)
          + " disagree with output " + ctx.output() + " of shape " + Arrays.toString(ctx.outputShape()));
    }
    long offset = 0;
    for (int j = 0; j < ctx.output(); j++) {
      offset += sizes[j];
    }
    ctx.result(ctx.load(0, Coords.with(Coords.output(ctx), axis, Coords.plus(ctx.coord(axis), offset))));
  }
}
