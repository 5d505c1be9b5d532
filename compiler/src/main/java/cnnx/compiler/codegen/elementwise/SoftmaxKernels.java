package cnnx.compiler.codegen.elementwise;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.codegen.KernelLibrary;
import cnnx.compiler.ir.Shapes;
import java.util.ArrayList;
import java.util.List;

/**
 * Softmax, LogSoftmax and Hardmax: each work-item scans its slice along the axis for the maximum
 * (and, for the first two, the sum of exponentials) and writes its own element. That repeats the
 * scan per element, which costs little at CNN sizes (class scores, attention maps). The sum is
 * accumulated in float, so the result is within a few ulp times the axis length of the
 * reference's double sum.
 */
final class SoftmaxKernels {
  private enum Kind {
    SOFTMAX,
    LOG_SOFTMAX,
    HARDMAX
  }

  private SoftmaxKernels() {}

  static void register(KernelLibrary.Builder b) {
    b.emitter("Softmax", ctx -> emit(ctx, Kind.SOFTMAX));
    b.emitter("LogSoftmax", ctx -> emit(ctx, Kind.LOG_SOFTMAX));
    b.emitter("Hardmax", ctx -> emit(ctx, Kind.HARDMAX));
  }

  private static void emit(ElementContext ctx, Kind kind) {
    int[] shape = ctx.outputShape();
    int axis = Shapes.normalizeAxis(ctx.node().intAttr("axis", -1), shape.length);
    if (axis < 0) {
      throw ctx.node().invalid("axis " + ctx.node().intAttr("axis", -1) + " is out of range for rank " + shape.length);
    }
    long len = shape[axis];
    String k = ctx.fresh("k");
    List<String> at = new ArrayList<>();
    List<String> own = new ArrayList<>();
    for (int a = 0; a < shape.length; a++) {
      at.add(a == axis ? k : ctx.coord(a));
      own.add(ctx.coord(a));
    }
    String max = ctx.declare("float", "max", "-INFINITY");
    String argmax = ctx.declare("long", "argmax", "0L");
    String t = ctx.fresh("t");
    // The first strict maximum, as the reference takes it (NaN is never one).
    String loop = "for (long " + k + " = 0; " + k + " < " + len + "L; " + k + "++) { ";
    ctx.statement(loop + "float " + t + " = " + ctx.load(0, at) + "; if (" + t + " > " + max + ") { " + max + " = "
        + t + "; " + argmax + " = " + k + "; } }");
    if (kind == Kind.HARDMAX) {
      ctx.result("(" + ctx.coord(axis) + " == " + argmax + " ? 1.0f : 0.0f)");
      return;
    }
    String sum = ctx.declare("float", "sum", "0.0f");
    ctx.statement(loop + sum + " += exp(" + ctx.load(0, at) + " - " + max + "); }");
    String shifted = ctx.declare("float", "shifted", ctx.load(0, own) + " - " + max);
    ctx.result(kind == Kind.SOFTMAX ? "exp(" + shifted + ") / " + sum : shifted + " - log(" + sum + ")");
  }
}
