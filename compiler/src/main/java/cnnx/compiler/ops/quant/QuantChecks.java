package cnnx.compiler.ops.quant;

import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;

/** Input-count and shape checks of the quantized ops; each failure names the node. */
final class QuantChecks {
  private QuantChecks() {}

  static void inputs(InferenceContext ctx, int min, int max) {
    Node node = ctx.node();
    int n = ctx.inputCount();
    if (n < min || n > max) {
      throw node.invalid("takes " + (min == max ? min : min + " to " + max) + " inputs, got " + n);
    }
    for (int i = 0; i < min; i++) {
      if (!ctx.hasInput(i)) {
        throw node.invalid("input " + i + " is required");
      }
    }
    if (node.outputs().isEmpty() || node.output(0).isEmpty()) {
      throw node.invalid("output 0 must be named");
    }
  }

  static void sameShape(Node node, TensorType expected, TensorType actual, String what) {
    if (!expected.dims().equals(actual.dims())
        && !(isScalar(expected) && isScalar(actual))) {
      throw node.invalid(what + " must have the shape of its scale " + expected + ", has type " + actual);
    }
  }

  /** A tensor of one element: rank 0, or rank 1 of length 1. */
  static boolean isScalar(TensorType t) {
    return t.rank() == 0 || (t.rank() == 1 && t.dim(0).isKnown() && t.dim(0).value() == 1);
  }

  static void scalar(Node node, TensorType t, String what) {
    if (!isScalar(t)) {
      throw node.invalid(what + " must be a scalar, has type " + t);
    }
  }

  /** A scalar or a vector of {@code length} entries (per row, column or channel). */
  static void scalarOrVector(Node node, TensorType t, long length, String what) {
    if (isScalar(t)) {
      return;
    }
    if (t.rank() != 1 || (length >= 0 && t.dim(0).isKnown() && t.dim(0).value() != length)) {
      throw node.invalid(what + " must be a scalar or have " + length + " entries, has type " + t);
    }
  }
}
