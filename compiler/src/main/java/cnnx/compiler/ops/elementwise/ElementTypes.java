package cnnx.compiler.ops.elementwise;

import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import java.util.EnumSet;
import java.util.Set;

/** Element-type sets from the ONNX type constraints, and integer range handling. */
public final class ElementTypes {
  static final Set<DataType> FLOATING =
      EnumSet.of(DataType.FLOAT, DataType.DOUBLE, DataType.FLOAT16, DataType.BFLOAT16);
  static final Set<DataType> SIGNED = EnumSet.of(DataType.FLOAT, DataType.DOUBLE, DataType.FLOAT16,
      DataType.BFLOAT16, DataType.INT8, DataType.INT16, DataType.INT32, DataType.INT64);
  /** Arithmetic types: the 8-bit and wider integers and the 16-bit and wider floats. */
  static final Set<DataType> NUMERIC = EnumSet.of(DataType.FLOAT, DataType.DOUBLE, DataType.FLOAT16,
      DataType.BFLOAT16, DataType.INT8, DataType.UINT8, DataType.INT16, DataType.UINT16, DataType.INT32,
      DataType.UINT32, DataType.INT64, DataType.UINT64);
  static final Set<DataType> NUMERIC_OR_BOOL = union(NUMERIC, EnumSet.of(DataType.BOOL));

  private static Set<DataType> union(Set<DataType> a, Set<DataType> b) {
    EnumSet<DataType> s = EnumSet.copyOf(a);
    s.addAll(b);
    return s;
  }
  static final Set<DataType> BOOL = EnumSet.of(DataType.BOOL);
  static final Set<DataType> ALL = EnumSet.allOf(DataType.class);

  private ElementTypes() {}

  /**
   * Fails unless {@code t} is allowed by the spec ({@code spec}); a type the spec allows but cnnx
   * does not compute with ({@code implemented}) is unsupported rather than invalid.
   */
  static void require(Node node, String what, DataType t, Set<DataType> spec, Set<DataType> implemented) {
    if (!spec.contains(t)) {
      throw node.invalid(what + " has element type " + t + ", allowed are " + spec);
    }
    if (!implemented.contains(t)) {
      throw new UnsupportedModelException(node.describe() + ": " + what + " of element type " + t
          + " is not supported");
    }
  }

  static void require(Node node, String what, DataType t, Set<DataType> spec) {
    require(node, what, t, spec, spec);
  }

  /** Brings an int64 result into the range of a narrower integer type, wrapping as C casts do. */
  static long wrap(DataType t, long v) {
    return switch (t) {
      case INT32 -> (int) v;
      case UINT32 -> v & 0xFFFFFFFFL;
      case INT16 -> (short) v;
      case UINT16 -> v & 0xFFFF;
      case INT8 -> (byte) v;
      case UINT8 -> v & 0xFF;
      case INT4 -> (v << 60) >> 60;
      case UINT4 -> v & 0xF;
      case INT2 -> (v << 62) >> 62;
      case UINT2 -> v & 0x3;
      case BOOL -> v != 0 ? 1 : 0;
      default -> v;
    };
  }

  /** Clamps a value into the range of an integer type. */
  static long saturate(DataType t, long v) {
    return Math.max(minValue(t), Math.min(maxValue(t), v));
  }

  /** The smallest value of an integer type (int64 for the float types, which do not use it). */
  public static long minValue(DataType t) {
    return switch (t) {
      case INT32 -> Integer.MIN_VALUE;
      case INT16 -> Short.MIN_VALUE;
      case INT8 -> Byte.MIN_VALUE;
      case INT4 -> -8;
      case INT2 -> -2;
      case UINT8, UINT16, UINT32, UINT64, UINT4, UINT2, BOOL -> 0;
      default -> Long.MIN_VALUE;
    };
  }

  /** The largest value of an integer type. */
  public static long maxValue(DataType t) {
    return switch (t) {
      case INT32 -> Integer.MAX_VALUE;
      case UINT32 -> 0xFFFFFFFFL;
      case INT16 -> Short.MAX_VALUE;
      case UINT16 -> 0xFFFF;
      case INT8 -> Byte.MAX_VALUE;
      case UINT8 -> 255;
      case INT4 -> 7;
      case UINT4 -> 15;
      case INT2 -> 1;
      case UINT2 -> 3;
      case BOOL -> 1;
      default -> Long.MAX_VALUE;
    };
  }
}
