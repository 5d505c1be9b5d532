package cnnx.compiler.codegen.elementwise;

import cnnx.compiler.codegen.ElementContext;
import cnnx.kernels.plan.ElementType;

/**
 * OpenCL C snippets shared by the element emitters. Float min/max follow Java's Math.max/min,
 * which the reference uses: a NaN operand gives NaN, where OpenCL's fmax/fmin would drop it.
 * Integer arithmetic goes through ulong so that overflow wraps (signed overflow is undefined in C).
 */
final class CExpr {
  private CExpr() {}

  static boolean isFloat(ElementType t) {
    return t == ElementType.FLOAT;
  }

  static String f(float v) {
    return ElementContext.floatLiteral(v);
  }

  /** Loads input i broadcast to the output into a fresh local, so it may be used repeatedly. */
  static String operand(ElementContext ctx, int input, String hint) {
    return ctx.declare(ctx.inputType(input).openClType(), hint, ctx.loadBroadcast(input));
  }

  /** Java's Math.max on floats; both arguments must be plain names (they are read twice). */
  static String fmaxJava(String a, String b) {
    return "((isnan(" + a + ") || isnan(" + b + ")) ? (" + a + " + " + b + ") : fmax(" + a + ", " + b + "))";
  }

  static String fminJava(String a, String b) {
    return "((isnan(" + a + ") || isnan(" + b + ")) ? (" + a + " + " + b + ") : fmin(" + a + ", " + b + "))";
  }

  /** max or min of two values of type t, as the reference computes it. */
  static String max(ElementType t, String a, String b) {
    return isFloat(t) ? fmaxJava(a, b) : "max(" + a + ", " + b + ")";
  }

  static String min(ElementType t, String a, String b) {
    return isFloat(t) ? fminJava(a, b) : "min(" + a + ", " + b + ")";
  }

  static String add(String a, String b) {
    return "((long)((ulong)(" + a + ") + (ulong)(" + b + ")))";
  }

  static String sub(String a, String b) {
    return "((long)((ulong)(" + a + ") - (ulong)(" + b + ")))";
  }

  static String mul(String a, String b) {
    return "((long)((ulong)(" + a + ") * (ulong)(" + b + ")))";
  }

  static String neg(String a) {
    return "((long)(0UL - (ulong)(" + a + ")))";
  }

  /** |a| wrapping as Java's Math.abs(long) does (the minimum stays itself); a is a plain name. */
  static String abs(String a) {
    return "(" + a + " < 0L ? " + neg(a) + " : " + a + ")";
  }

  /**
   * Java's truncating long division without its traps: x86 faults on division by zero and on
   * MIN / -1. The quotient of MIN / -1 wraps to MIN as in Java; division by zero, which the
   * reference rejects as an invalid model, gives 0. Both arguments are plain names.
   */
  static String div(String a, String b) {
    return "(" + b + " == 0L ? 0L : (" + b + " == -1L ? " + neg(a) + " : " + a + " / " + b + "))";
  }
}
