package cnnx.compiler.codegen.elementwise;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.codegen.KernelLibrary;
import cnnx.compiler.ir.DataType;

/**
 * Cast to the type coded by {@code to}, as the reference does: floats become integers by
 * truncation toward zero, saturating at the target's range (NaN becomes 0, as Java's cast);
 * integers narrow by wrapping; anything non-zero (NaN included) becomes bool true.
 */
final class CastKernel {
  private CastKernel() {}

  static void register(KernelLibrary.Builder b) {
    b.emitter("Cast", CastKernel::emit);
  }

  private static void emit(ElementContext ctx) {
    DataType to = ctx.outputDataType();
    String x = CExpr.operand(ctx, 0, "x");
    boolean fromFloat = CExpr.isFloat(ctx.inputType(0));
    if (to.isFloating()) {
      ctx.result(fromFloat ? x : "(float)" + x);
      return;
    }
    if (!fromFloat) {
      ctx.result(IntTypes.wrap(to, x));
      return;
    }
    // OpenCL's saturating conversions send NaN to 0, as Java's (long) cast does.
    ctx.result(switch (to) {
      case BOOL -> "(" + x + " != 0.0f ? 1L : 0L)";
      case INT32 -> "(long)convert_int_sat_rtz(" + x + ")";
      case UINT32 -> "(long)convert_uint_sat_rtz(" + x + ")";
      case INT16 -> "(long)convert_short_sat_rtz(" + x + ")";
      case UINT16 -> "(long)convert_ushort_sat_rtz(" + x + ")";
      case UINT64 -> "(long)convert_ulong_sat_rtz(fmin(" + x + ", 0x1.fffffep62f))";
      case INT8 -> "(long)convert_char_sat_rtz(" + x + ")";
      case UINT8 -> "(long)convert_uchar_sat_rtz(" + x + ")";
      default -> "convert_long_sat_rtz(" + x + ")";
    });
  }
}
