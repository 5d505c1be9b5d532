package cnnx.compiler.codegen.tensor;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ops.tensor.ShapeOp;
import cnnx.kernels.plan.ElementType;

/**
 * Shape, ConstantOfShape and Range. With static shapes these normally fold at compile time; the
 * kernels cover graphs compiled without folding.
 */
final class ShapeKernels {
  private ShapeKernels() {}

  /** The input's static dims [start, end), the bounds resolved as the reference resolves them. */
  static void shape(ElementContext ctx) {
    int[] in = ctx.inputShape(0);
    int start = ShapeOp.range(ctx.node(), in.length)[0];
    String c = ctx.coord(0);
    int n = ctx.outputShape()[0];
    StringBuilder expr = new StringBuilder();
    for (int i = 0; i < n - 1; i++) {
      expr.append(c).append(" == ").append(i).append(" ? ").append(in[start + i]).append("L : ");
    }
    expr.append(in[start + n - 1]).append('L');
    ctx.result(expr.toString());
  }

  /** The input's static element count. */
  static void size(ElementContext ctx) {
    ctx.result(cnnx.compiler.ir.Shapes.size(ctx.inputShape(0)) + "L");
  }

  /** Every element is the value attribute (float 0 by default). */
  static void constantOfShape(ElementContext ctx) {
    Tensor v = ctx.node().tensorAttr("value");
    ctx.result(v == null ? Coords.zero(ctx.outputType()) : Coords.literal(v, ctx.outputType()));
  }

  /** start + i * delta; floats with one rounding (fma), as the reference's double sum rounded to float. */
  static void range(ElementContext ctx) {
    ElementType t = ctx.outputType();
    String start = scalar(ctx, 0, t);
    String delta = scalar(ctx, 2, t);
    String i = ctx.coord(0);
    ctx.result(t == ElementType.FLOAT
        ? "fma((float) " + i + ", " + delta + ", " + start + ")"
        : start + " + " + i + " * " + delta);
  }

  private static String scalar(ElementContext ctx, int input, ElementType t) {
    return ctx.constant(input).map(v -> Coords.literal(v, t)).orElseGet(() -> ctx.loadFlat(input, "0"));
  }
}
