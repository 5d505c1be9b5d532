package cnnx.compiler.codegen.tensor;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.ir.Shapes;
import java.util.ArrayList;
import java.util.List;

/**
 * Slice: input coordinate start + o * step per axis. Starts are resolved as the reference does:
 * negative ones count from the end, then clamp to [0, dim] (step > 0) or [0, dim - 1] (step < 0);
 * the output shape already holds each axis's count.
 */
final class SliceKernel {
  private SliceKernel() {}

  static void emit(ElementContext ctx) {
    int[] in = ctx.inputShape(0);
    long[] starts = Coords.requireLongs(ctx, 1, "starts");
    long[] axes = ctx.hasInput(3) ? Coords.requireLongs(ctx, 3, "axes") : null;
    long[] steps = ctx.hasInput(4) ? Coords.requireLongs(ctx, 4, "steps") : null;
    long[] start = new long[in.length];
    long[] step = new long[in.length];
    java.util.Arrays.fill(step, 1);
    for (int i = 0; i < starts.length; i++) {
      int a = axes == null ? i : Shapes.normalizeAxis(axes[i], in.length);
      long dim = in[a];
      long st = steps == null ? 1 : steps[i];
      long s = starts[i] < 0 ? starts[i] + dim : starts[i];
      start[a] = st > 0 ? clamp(s, 0, dim) : clamp(s, 0, dim - 1);
      step[a] = st;
    }
    List<String> coords = new ArrayList<>();
    for (int a = 0; a < in.length; a++) {
      String c = ctx.coord(a);
      coords.add(Coords.plus(step[a] == 1 ? c : "(" + c + ") * " + Coords.longLiteral(step[a]), start[a]));
    }
    ctx.result(ctx.load(0, coords));
  }

  private static long clamp(long v, long lo, long hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
