package cnnx.compiler.codegen.elementwise;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.codegen.KernelLibrary;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ops.elementwise.ElementTypes;

/**
 * Pow(X, Y), the result of X's type. Float bases use OpenCL's pow (within 16 ulp of the
 * reference's double pow). Integer bases with integer exponents are exact, by repeated squaring
 * in wrapping arithmetic; a negative exponent truncates toward zero as in the reference. Integer
 * bases with floating exponents go through a double-precision power, as the reference's do.
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
      integerBaseFloatExponent(ctx, x, y);
      return;
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

  /**
   * As the reference and ONNX Runtime: the power in double precision, converted to int64 as Java and C++ casts
   * do (NaN is 0, beyond the range saturates, else truncates toward zero), saturated to the base's type. Float
   * pow cannot match the truncation near integers, so this kernel needs a device with doubles (cl_khr_fp64).
   */
  private static void integerBaseFloatExponent(ElementContext ctx, String x, String y) {
    String p = ctx.declare("double", "p", "pow((double)" + x + ", (double)" + y + ")");
    String r = ctx.declare("long", "r", "isnan(" + p + ") ? 0L : " + p + " >= 0x1p63 ? " + IntTypes.literal(Long.MAX_VALUE)
        + " : " + p + " <= -0x1p63 ? " + IntTypes.literal(Long.MIN_VALUE) + " : (long)" + p);
    DataType t = ctx.outputDataType();
    String saturated = "clamp(" + r + ", " + IntTypes.literal(ElementTypes.minValue(t)) + ", "
        + IntTypes.literal(ElementTypes.maxValue(t)) + ")";
    ctx.result(IntTypes.result(ctx, saturated));
  }
}
