package cnnx.compiler.codegen.elementwise;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Tensor;
import java.util.Optional;

/**
 * Integer element types on the device. Every integer and bool tensor is stored as int64, so a
 * result of a narrower type (INT32, INT8, UINT8, BOOL) is wrapped into its range after each op,
 * as the reference does.
 *
 * <p>{@link ElementContext} tells only the storage type, so the narrow type is taken from what
 * the node shows: a constant operand of the result's type. Without one the result is taken as
 * INT64, which differs from the reference only where narrow arithmetic overflows.
 */
final class IntTypes {
  private IntTypes() {}

  /**
   * The integer type of the result, judged from the given inputs (those of the result's type).
   */
  static DataType resultType(ElementContext ctx, int... sameTypeInputs) {
    for (int i : sameTypeInputs) {
      Optional<Tensor> c = ctx.constant(i);
      if (c.isPresent() && !c.get().isFloating()) {
        return c.get().dtype();
      }
    }
    return DataType.INT64;
  }

  /** Brings an int64 C expression into the range of t, wrapping as the reference's casts do. */
  static String wrap(DataType t, String expr) {
    return switch (t) {
      case INT32 -> "((((" + expr + ") & 0xFFFFFFFFL) ^ 0x80000000L) - 0x80000000L)";
      case INT8 -> "((((" + expr + ") & 0xFFL) ^ 0x80L) - 0x80L)";
      case UINT8 -> "((" + expr + ") & 0xFFL)";
      case BOOL -> "((" + expr + ") != 0L ? 1L : 0L)";
      default -> expr;
    };
  }

  static long minValue(DataType t) {
    return switch (t) {
      case INT32 -> Integer.MIN_VALUE;
      case INT8 -> Byte.MIN_VALUE;
      case UINT8, BOOL -> 0;
      default -> Long.MIN_VALUE;
    };
  }

  static long maxValue(DataType t) {
    return switch (t) {
      case INT32 -> Integer.MAX_VALUE;
      case INT8 -> Byte.MAX_VALUE;
      case UINT8 -> 255;
      case BOOL -> 1;
      default -> Long.MAX_VALUE;
    };
  }

  /** A C long literal; LONG_MIN has no literal form. */
  static String literal(long v) {
    return v == Long.MIN_VALUE ? "(-0x7FFFFFFFFFFFFFFFL - 1L)" : "(" + v + "L)";
  }
}
