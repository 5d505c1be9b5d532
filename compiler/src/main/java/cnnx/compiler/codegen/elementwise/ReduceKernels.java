package cnnx.compiler.codegen.elementwise;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.codegen.KernelLibrary;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ops.elementwise.Reduction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reduce ops (opset-18 form): each work-item loops over the reduced axes of its output element.
 * The axes must be known when compiling; they are baked into the loops. Floats accumulate in
 * float (the reference in double): sums over n elements agree to about n ulp of the sum of
 * magnitudes. Integers accumulate in wrapping int64 as the reference does.
 */
final class ReduceKernels {
  private ReduceKernels() {}

  static void register(KernelLibrary.Builder b) {
    for (Reduction k : Reduction.values()) {
      b.emitter(k.opType(), ctx -> emit(ctx, k));
    }
  }

  /** The input's axes, in order, with loop variables for the reduced ones. */
  private record Loops(List<String> coords, List<String> vars, List<Integer> sizes, long count) {
    /** Wraps {@code body} in one for loop per reduced axis. */
    String around(String body) {
      StringBuilder open = new StringBuilder();
      StringBuilder close = new StringBuilder();
      for (int i = 0; i < vars.size(); i++) {
        String v = vars.get(i);
        open.append("for (long ").append(v).append(" = 0; ").append(v).append(" < ").append(sizes.get(i))
            .append("L; ").append(v).append("++) { ");
        close.append(" }");
      }
      return open + body + close;
    }
  }

  private static void emit(ElementContext ctx, Reduction kind) {
    Node node = ctx.node();
    int[] in = ctx.inputShape(0);
    boolean[] reduced = reducedAxes(node, axes(ctx), in.length);
    boolean keep = node.intAttr("keepdims", 1) == 1;
    List<String> coords = new ArrayList<>();
    List<String> vars = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    long count = 1;
    int outAxis = 0;
    for (int a = 0; a < in.length; a++) {
      if (reduced[a]) {
        String v = ctx.fresh("r");
        coords.add(v);
        vars.add(v);
        sizes.add(in[a]);
        count *= in[a];
        if (keep) {
          outAxis++;
        }
      } else {
        coords.add(ctx.coord(outAxis++));
      }
    }
    Loops loops = new Loops(coords, vars, sizes, count);
    if (CExpr.isFloat(ctx.inputType(0))) {
      emitFloat(ctx, kind, loops);
    } else {
      emitLong(ctx, kind, loops);
    }
  }

  private static void emitFloat(ElementContext ctx, Reduction kind, Loops loops) {
    String x = ctx.fresh("x");
    String load = "float " + x + " = " + ctx.load(0, loops.coords()) + "; ";
    if (kind == Reduction.LOG_SUM_EXP) {
      // log(sum(exp(x))) = m + log(sum(exp(x - m))) with m the maximum, so exp cannot overflow.
      String max = ctx.declare("float", "max", "-INFINITY");
      ctx.statement(loops.around(load + max + " = " + maxStep(max, x) + ";"));
      String sum = ctx.declare("float", "sum", "0.0f");
      ctx.statement(loops.around(load + sum + " += exp(" + x + " - " + max + ");"));
      ctx.result("(isinf(" + max + ") ? " + max + " : " + max + " + log(" + sum + "))");
      return;
    }
    String acc = ctx.declare("float", "acc", CExpr.f((float) kind.identity()));
    String step = switch (kind) {
      case MAX -> maxStep(acc, x);
      case MIN -> "((" + x + " < " + acc + " || isnan(" + x + ")) ? " + x + " : " + acc + ")";
      case PROD -> acc + " * " + x;
      case L1 -> acc + " + fabs(" + x + ")";
      case L2, SUM_SQUARE -> acc + " + " + x + " * " + x;
      default -> acc + " + " + x;
    };
    ctx.statement(loops.around(load + acc + " = " + step + ";"));
    ctx.result(switch (kind) {
      case MEAN -> acc + " / " + CExpr.f(loops.count());
      case L2 -> "sqrt(" + acc + ")";
      default -> acc;
    });
  }

  /** Java's Math.max(acc, x): NaN, once seen, stays. */
  private static String maxStep(String acc, String x) {
    return "((" + x + " > " + acc + " || isnan(" + x + ")) ? " + x + " : " + acc + ")";
  }

  private static void emitLong(ElementContext ctx, Reduction kind, Loops loops) {
    Node node = ctx.node();
    if (!kind.hasIntegerForm()) {
      throw new UnsupportedModelException(node.describe() + ": integer " + kind.opType() + " is not supported");
    }
    DataType type = ctx.outputDataType();
    String x = ctx.fresh("x");
    String load = "long " + x + " = " + ctx.load(0, loops.coords()) + "; ";
    String acc = ctx.declare("long", "acc", IntTypes.literal(kind.identity(type)));
    String step = switch (kind) {
      case MAX -> "max(" + acc + ", " + x + ")";
      case MIN -> "min(" + acc + ", " + x + ")";
      case PROD -> CExpr.mul(acc, x);
      case L1 -> CExpr.add(acc, CExpr.abs(x));
      case SUM_SQUARE -> CExpr.add(acc, CExpr.mul(x, x));
      default -> CExpr.add(acc, x);
    };
    ctx.statement(loops.around(load + acc + " = " + step + ";"));
    String r = acc;
    if (kind == Reduction.MEAN) {
      if (loops.count() == 0) {
        throw node.invalid("the mean of an empty set of integers is undefined");
      }
      r = CExpr.div(acc, loops.count() + "L");
    }
    ctx.result(IntTypes.wrap(type, r));
  }

  /** The axes input's values; none when it is omitted or empty. */
  private static long[] axes(ElementContext ctx) {
    if (!ctx.hasInput(1)) {
      return new long[0];
    }
    Optional<Tensor> c = ctx.constant(1);
    if (c.isPresent()) {
      return c.get().longs();
    }
    if (Shapes.size(ctx.inputShape(1)) == 0) {
      return new long[0];
    }
    throw new UnsupportedModelException(ctx.node().describe()
        + ": the axes input is computed at run time; OpenCL kernels need them when compiling");
  }

  /** As the reference: no axes reduce all unless noop_with_empty_axes is set. */
  private static boolean[] reducedAxes(Node node, long[] axes, int rank) {
    boolean[] reduced = new boolean[rank];
    if (axes.length == 0) {
      Arrays.fill(reduced, node.intAttr("noop_with_empty_axes", 0) != 1);
      return reduced;
    }
    for (long axis : axes) {
      int a = Shapes.normalizeAxis(axis, rank);
      if (a < 0) {
        throw node.invalid("axis " + axis + " is out of range for an input of rank " + rank);
      }
      reduced[a] = true;
    }
    return reduced;
  }
}
