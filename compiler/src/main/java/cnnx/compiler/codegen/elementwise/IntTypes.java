package cnnx.compiler.codegen.elementwise;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.ir.DataType;

/**
 * Integer element types on the device. Every integer and bool tensor is stored as int64, so a
 * result of a narrower IR type (INT32, UINT32, INT16, UINT16, INT8, UINT8, BOOL) is wrapped into its range after each
 * op, as the reference does.
 */
final class IntTypes {
  private IntTypes() {}

  /** Brings an int64 C expression into the range of t, wrapping as the reference's casts do. */
  static String wrap(DataType t, String expr) {
    return switch (t) {
      case INT32 -> "((((" + expr + ") & 0xFFFFFFFFL) ^ 0x80000000L) - 0x80000000L)";
      case UINT32 -> "((" + expr + ") & 0xFFFFFFFFL)";
      case INT16 -> "((((" + expr + ") & 0xFFFFL) ^ 0x8000L) - 0x8000L)";
      case UINT16 -> "((" + expr + ") & 0xFFFFL)";
      case INT8 -> "((((" + expr + ") & 0xFFL) ^ 0x80L) - 0x80L)";
      case UINT8 -> "((" + expr + ") & 0xFFL)";
      case INT4 -> "((((" + expr + ") & 0xFL) ^ 0x8L) - 0x8L)";
      case UINT4 -> "((" + expr + ") & 0xFL)";
      case INT2 -> "((((" + expr + ") & 0x3L) ^ 0x2L) - 0x2L)";
      case UINT2 -> "((" + expr + ") & 0x3L)";
      case BOOL -> "((" + expr + ") != 0L ? 1L : 0L)";
      default -> expr;
    };
  }

  /** An integer op's int64 result expression wrapped into the range of the node's output type. */
  static String result(ElementContext ctx, String expr) {
    return wrap(ctx.outputDataType(), expr);
  }

  /** A C long literal; LONG_MIN has no literal form. */
  static String literal(long v) {
    return v == Long.MIN_VALUE ? "(-0x7FFFFFFFFFFFFFFFL - 1L)" : "(" + v + "L)";
  }
}
