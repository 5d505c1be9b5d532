package cnnx.compiler.codegen.tensor;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Tensor;
import cnnx.kernels.plan.ElementType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Shared pieces of the data-movement emitters: output coordinates remapped into an input's
 * coordinates, literals of either element type, compile-time index inputs and baked tables.
 */
final class Coords {
  private Coords() {}

  /** The output coordinate expressions, axis by axis. */
  static List<String> output(ElementContext ctx) {
    List<String> c = new ArrayList<>();
    for (int a = 0; a < ctx.outputShape().length; a++) {
      c.add(ctx.coord(a));
    }
    return c;
  }

  /** A copy of {@code coords} with axis {@code axis} replaced. */
  static List<String> with(List<String> coords, int axis, String expr) {
    List<String> c = new ArrayList<>(coords);
    c.set(axis, expr);
    return c;
  }

  /** {@code expr + k}, without a "+ 0". */
  static String plus(String expr, long k) {
    if (k == 0) {
      return expr;
    }
    return "(" + expr + (k > 0 ? " + " + k + "L)" : " - " + (-k) + "L)");
  }

  /** floor-mod of a C long expression by a positive constant: always in [0, n). */
  static String floorMod(String expr, long n) {
    return "(((" + expr + ") % " + n + "L + " + n + "L) % " + n + "L)";
  }

  /** A C long literal, valid for Long.MIN_VALUE too. */
  static String longLiteral(long v) {
    return v == Long.MIN_VALUE ? "(-9223372036854775807L - 1L)" : "(" + v + "L)";
  }

  /** The first element of {@code t} as a literal of element type {@code type}. */
  static String literal(Tensor t, ElementType type) {
    return type == ElementType.FLOAT ? ElementContext.floatLiteral((float) t.getDouble(0)) : longLiteral(t.getLong(0));
  }

  static String zero(ElementType type) {
    return type == ElementType.FLOAT ? "0.0f" : "0L";
  }

  /** True when the output has no elements: the kernel then never reaches the body. */
  static boolean emptyOutput(ElementContext ctx) {
    for (int d : ctx.outputShape()) {
      if (d == 0) {
        return true;
      }
    }
    return false;
  }

  /** The input's values when it is given and a compile-time constant, as longs. */
  static Optional<long[]> longs(ElementContext ctx, int input) {
    return ctx.constant(input).map(t -> {
      long[] v = new long[t.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = t.getLong(i);
      }
      return v;
    });
  }

  /**
   * The values of an input that steers the op's shape (axes, pads, starts): with static shapes it
   * is always folded to a constant, so a runtime one cannot be compiled.
   */
  static long[] requireLongs(ElementContext ctx, int input, String what) {
    return longs(ctx, input).orElseThrow(() -> notConstant(ctx, what));
  }

  /** {@link #requireLongs}, or null when the optional input is omitted. */
  static long[] optionalLongs(ElementContext ctx, int input, String what) {
    return ctx.hasInput(input) ? requireLongs(ctx, input, what) : null;
  }

  /** The float values of a shape-steering input (scales, roi); see {@link #requireLongs}. */
  static float[] requireFloats(ElementContext ctx, int input, String what) {
    return ctx.constant(input).map(Tensor::floats).orElseThrow(() -> notConstant(ctx, what));
  }

  private static UnsupportedModelException notConstant(ElementContext ctx, String what) {
    return new UnsupportedModelException(ctx.node().describe() + ": '" + what
        + "' must be a compile-time constant to generate a kernel");
  }

  /** A static shape as IR dims, for the reference's shape planners. */
  static List<Dim> dims(int[] shape) {
    return Arrays.stream(shape).mapToObj(Dim::of).toList();
  }

  /** Declares a {@code __constant int} table at the kernel's outermost scope; returns its name. */
  static String intTable(ElementContext ctx, String hint, int[] values) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      sb.append(i == 0 ? "" : i % 16 == 0 ? ",\n    " : ", ").append(values[i]);
    }
    return table(ctx, "int", hint, sb.toString());
  }

  /** Declares a {@code __constant float} table at the kernel's outermost scope; returns its name. */
  static String floatTable(ElementContext ctx, String hint, float[] values) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      sb.append(i == 0 ? "" : i % 8 == 0 ? ",\n    " : ", ").append(ElementContext.floatLiteral(values[i]));
    }
    return table(ctx, "float", hint, sb.toString());
  }

  private static String table(ElementContext ctx, String ctype, String hint, String body) {
    String name = ctx.fresh(hint);
    ctx.statement("__constant " + ctype + " " + name + "[] = {" + body + "};");
    return name;
  }
}
