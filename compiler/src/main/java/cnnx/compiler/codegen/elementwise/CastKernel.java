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

  /** float8e8m0 of v as E8M0.round computes it: the float's exponent, rounded per round_mode. */
  private static String e8m0(ElementContext ctx, String v, boolean saturate, String mode) {
    String b = ctx.declare("uint", "b", "as_uint(" + v + ")");
    String e = ctx.declare("uint", "e", "(" + b + " >> 23) & 0xFFu");
    String up = switch (mode) {
      case "nearest" -> "((" + b + " & 0x400000u) != 0u && ((" + b + " & 0x200000u) != 0u || (" + b
          + " & 0x1FFFFFu) != 0u || " + e + " > 0u))";
      case "up" -> "((" + b + " & 0x7FFFFFu) != 0u)";
      default -> "false";
    };
    String c = ctx.declare("uint", "c", "(" + e + " == 0xFFu) ? 0xFFu : ((" + e + " + ((" + up
        + (saturate ? " && " + e + " != 0xFEu" : "") + ") ? 1u : 0u)) & 0xFFu)");
    return "(" + c + " == 0xFFu ? NAN : ldexp(1.0f, (int)" + c + " - 127))";
  }

  private static void emit(ElementContext ctx) {
    DataType to = ctx.outputDataType();
    String x = CExpr.operand(ctx, 0, "x");
    boolean fromFloat = CExpr.isFloat(ctx.inputType(0));
    if (to.isFloating()) {
      String v = fromFloat ? x : "(float)" + x;
      boolean saturate = ctx.node().intAttr("saturate", 1) == 1;
      if (to == DataType.FLOAT8E8M0) {
        ctx.result(e8m0(ctx, v, saturate, ctx.node().stringAttr("round_mode", "up")));
      } else if (to.miniFloat() != null && saturate) {
        // Saturating float8 casts clamp first; the value is rounded to the format where it is stored.
        String f = ctx.declare("float", "f", v);
        String max = CExpr.f(to.miniFloat().max());
        ctx.result("(isnan(" + f + ") ? " + f + " : clamp(" + f + ", -" + max + ", " + max + "))");
      } else {
        ctx.result(v);
      }
      return;
    }
    if (!fromFloat) {
      ctx.result(IntTypes.wrap(to, x));
      return;
    }
    if (to.bits() < 8) {
      ctx.result(IntTypes.wrap(to, "convert_long_sat_rtz(" + x + ")")); // truncate and wrap, as ml_dtypes
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
