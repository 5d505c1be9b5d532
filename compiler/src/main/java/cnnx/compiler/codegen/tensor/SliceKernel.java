package cnnx.compiler.codegen.tensor;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.ops.tensor.SliceOp;
import java.util.ArrayList;
import java.util.List;

/**
 * Slice: input coordinate start + o * step per axis, with starts and steps resolved by the
 * reference's own plan.
 */
final class SliceKernel {
  private SliceKernel() {}

  static void emit(ElementContext ctx) {
    int[] in = ctx.inputShape(0);
    SliceOp.Plan plan = SliceOp.plan(ctx.node(), Coords.dims(in), Coords.requireLongs(ctx, 1, "starts"),
        Coords.requireLongs(ctx, 2, "ends"), Coords.optionalLongs(ctx, 3, "axes"),
        Coords.optionalLongs(ctx, 4, "steps"));
    List<String> coords = new ArrayList<>();
    for (int a = 0; a < in.length; a++) {
      String c = ctx.coord(a);
      long step = plan.step()[a];
      coords.add(Coords.plus(step == 1 ? c : "(" + c + ") * " + Coords.longLiteral(step), plan.start()[a]));
    }
    ctx.result(ctx.load(0, coords));
  }
}
