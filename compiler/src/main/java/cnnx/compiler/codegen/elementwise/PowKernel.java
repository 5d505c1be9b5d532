package cnnx.compiler.codegen.elementwise;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.codegen.KernelLibrary;
import cnnx.compiler.error.UnsupportedModelException;

/**
 * Pow(X, Y), the result of X's type. Float bases use OpenCL's pow (within 16 ulp of the
 * reference's double pow). Integer bases with integer exponents are exact, by repeated squaring
 * in wrapping arithmetic; a negative exponent truncates toward zero as in the reference.
 */
final class PowKernel {
  private PowKernel() {}

  static void register(KernelLibrary.Builder b) {
    b.emitter("Pow", PowKernel::emit);
  }

  private static void emit(ElementContext ctx) {
    boolean floatBase = CExpr.isFloat(ctx.inputType(0));
    boolean floatExponent = CExpr.isFloat(ctx.inputType(1));
    String x = CExpr.operand(ctx, 0, "base");
    String y = CExpr.operand(ctx, 1, "exponent");
    if (floatBase) {
      ctx.result("pow(" + x + ", " + (floatExponent ? y : "(float)" + y) + ")");
      return;
    }
    if (floatExponent) {
      // The reference rounds a double power to the integer; float pow cannot match that.
      throw new UnsupportedModelException(ctx.node().describe()
          + ": Pow of an integer base with a floating exponent has no OpenCL kernel");
    }
    String e = ctx.declare("long", "e", y);
    String square = ctx.declare("ulong", "square", "(ulong)" + x);
    String acc = ctx.declare("ulong", "acc", "1UL");
    // Only 1 and -1 have non-zero negative powers; 0 to a negative power (rejected by the
    // reference as invalid) gives 0.
    ctx.statement("if (" + e + " < 0L) { " + acc + " = (ulong)(" + x + " == 1L ? 1L : (" + x + " == -1L ? ((" + e
        + " & 1L) == 0L ? 1L : -1L) : 0L)); }");
    ctx.statement("else { while (" + e + " > 0L) { if ((" + e + " & 1L) != 0L) { " + acc + " *= " + square + "; } "
        + square + " *= " + square + "; " + e + " >>= 1; } }");
    ctx.result(IntTypes.result(ctx, "(long)" + acc));
  }
}
