package cnnx.compiler.ops.tensor;

import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import java.util.Optional;
import java.util.Set;

/** Reads the small integer vectors (shapes, axes, pads, repeats) that steer tensor ops. */
final class IndexInputs {
  static final Set<DataType> INT64 = Set.of(DataType.INT64);
  static final Set<DataType> INT32_OR_64 = Set.of(DataType.INT32, DataType.INT64);

  private IndexInputs() {}

  static void checkType(Node node, TensorType t, String what, Set<DataType> allowed) {
    if (!allowed.contains(t.dtype())) {
      throw node.invalid("'" + what + "' must be " + allowed.stream().map(d -> d.name().toLowerCase()).sorted().toList()
          + ", is " + t.dtype().name().toLowerCase());
    }
  }

  /** A 1-D index tensor's values. */
  static long[] values(Node node, Tensor t, String what, Set<DataType> allowed) {
    checkType(node, t.type(), what, allowed);
    if (t.rank() != 1) {
      throw node.invalid("'" + what + "' must be 1-D, has shape " + t.type());
    }
    return t.longs().clone();
  }

  /** The values, or null when the input is omitted. */
  static long[] optionalValues(Node node, Tensor t, String what, Set<DataType> allowed) {
    return t == null ? null : values(node, t, what, allowed);
  }

  /**
   * Length of 1-D index input {@code i} as far as its type says: the element count, or -1 when
   * not known. Checks element type and rank.
   */
  static long length(InferenceContext ctx, int i, String what, Set<DataType> allowed) {
    Node node = ctx.node();
    TensorType t = ctx.inputType(i);
    checkType(node, t, what, allowed);
    if (t.rank() != 1) {
      throw node.invalid("'" + what + "' must be 1-D, has type " + t);
    }
    return t.dim(0).isKnown() ? t.dim(0).value() : -1;
  }

  /**
   * The length of index input {@code i} whose values are not known, when it alone fixes the output
   * rank: without it the rank is unknown, which cnnx does not support.
   */
  static int rankFixingLength(InferenceContext ctx, int i, String what) {
    long len = length(ctx, i, what, INT64);
    if (len < 0) {
      throw new UnsupportedModelException(ctx.node().describe() + ": the output rank is unknown ('" + what
          + "' input of unknown length)");
    }
    return (int) len;
  }

  /** The values of input {@code i} when present and a compile-time constant. */
  static Optional<long[]> constant(InferenceContext ctx, int i, String what, Set<DataType> allowed) {
    if (!ctx.hasInput(i)) {
      return Optional.empty();
    }
    length(ctx, i, what, allowed);
    return ctx.constant(i).map(t -> values(ctx.node(), t, what, allowed));
  }

  /** Requires between {@code min} and {@code max} listed inputs and exactly one output. */
  static void checkArity(InferenceContext ctx, int min, int max) {
    Node node = ctx.node();
    int n = ctx.inputCount();
    if (n < min || n > max) {
      throw node.invalid(min == max
          ? "expects " + min + " input(s), has " + n
          : "expects " + min + " to " + max + " inputs, has " + n);
    }
    for (int i = 0; i < min; i++) {
      if (!ctx.hasInput(i)) {
        throw node.invalid("required input " + i + " is missing");
      }
    }
    if (node.outputs().size() != 1) {
      throw node.invalid("expects 1 output, has " + node.outputs().size());
    }
  }

  /** Maps an axis into [0, rank), failing with a message naming the node. */
  static int axis(Node node, long axis, int rank, String what) {
    int a = cnnx.compiler.ir.Shapes.normalizeAxis(axis, rank);
    if (a < 0) {
      throw node.invalid(what + " " + axis + " is out of range for rank " + rank);
    }
    return a;
  }

  /** Normalized, duplicate-free axes. */
  static int[] axes(Node node, long[] axes, int rank, String what) {
    int[] out = new int[axes.length];
    boolean[] seen = new boolean[rank];
    for (int i = 0; i < axes.length; i++) {
      out[i] = axis(node, axes[i], rank, what);
      if (seen[out[i]]) {
        throw node.invalid(what + " lists axis " + out[i] + " twice");
      }
      seen[out[i]] = true;
    }
    return out;
  }
}
