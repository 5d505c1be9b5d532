package cnnx.compiler.ops.spatial;

import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import java.util.List;

/** Input, output and attribute checks shared by the spatial ops; each failure names the node. */
final class Checks {
  private Checks() {}

  /** Between min and max inputs listed, the first min of them present. */
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
  }

  /** Between 1 and max outputs, and any beyond the first that are used must be supported. */
  static void outputs(Node node, int max) {
    if (node.outputs().isEmpty() || node.outputs().size() > max) {
      throw node.invalid("has " + node.outputs().size() + " outputs, expected 1"
          + (max > 1 ? " to " + max : ""));
    }
    if (node.output(0).isEmpty()) {
      throw node.invalid("output 0 must be named");
    }
  }

  /** The type of input i, which must be a floating tensor. */
  static TensorType floating(InferenceContext ctx, int i, String what) {
    TensorType t = ctx.inputType(i);
    if (!t.dtype().isFloating()) {
      throw new UnsupportedModelException(ctx.node().describe() + ": " + what + " of type " + t
          + " is not supported (floating tensors only)");
    }
    return t;
  }

  static void sameDtype(Node node, TensorType expected, TensorType actual, String what) {
    if (expected.dtype() != actual.dtype()) {
      throw node.invalid(what + " must be " + expected.dtype() + " like the first input, is " + actual.dtype());
    }
  }

  static void rank(Node node, TensorType t, int rank, String what) {
    if (t.rank() != rank) {
      throw node.invalid(what + " must have rank " + rank + ", has type " + t);
    }
  }

  static void minRank(Node node, TensorType t, int rank, String what) {
    if (t.rank() < rank) {
      throw node.invalid(what + " must have rank " + rank + " or more, has type " + t);
    }
  }

  /** Fails when d is known and differs from expected (expected below 0: not known, no check). */
  static void dim(Node node, Dim d, long expected, String what) {
    if (d.isKnown() && expected >= 0 && d.value() != expected) {
      throw node.invalid(what + " must be " + expected + ", is " + d.value());
    }
  }

  /** Inputs first, first + 1, ... (named by {@code names}): floating vectors, one entry per channel. */
  static void perChannel(InferenceContext ctx, int first, String[] names, long channels) {
    for (int k = 0; k < names.length; k++) {
      TensorType t = floating(ctx, first + k, names[k]);
      rank(ctx.node(), t, 1, names[k]);
      dim(ctx.node(), t.dim(0), channels, "the size of " + names[k] + " (one per channel)");
    }
  }

  /** The size, or -1 when not known. */
  static long known(Dim d) {
    return d.isKnown() ? d.value() : -1;
  }

  /** The dims from index from on, -1 where not known. */
  static long[] dims(TensorType t, int from) {
    long[] v = new long[t.rank() - from];
    for (int i = 0; i < v.length; i++) {
      v[i] = known(t.dim(from + i));
    }
    return v;
  }

  static Dim dimOf(long v) {
    return v < 0 ? Dim.unknown() : Dim.of(v);
  }

  /** The spatial rank (rank - 2) of an N x C x D1 ... input; cnnx evaluates up to 3 spatial dims. */
  static int spatialRank(Node node, TensorType x, int maxSpatial) {
    minRank(node, x, 3, "X (N x C x D1 x ...)");
    int r = x.rank() - 2;
    if (r > maxSpatial) {
      throw new UnsupportedModelException(node.describe() + ": " + r + " spatial dimensions are not supported"
          + " (at most " + maxSpatial + ")");
    }
    return r;
  }

  /** A boolean-valued INT attribute: 0 or 1. */
  static boolean flag(Node node, String attr, long defaultValue) {
    long v = node.intAttr(attr, defaultValue);
    if (v != 0 && v != 1) {
      throw node.invalid("attribute '" + attr + "' must be 0 or 1, is " + v);
    }
    return v == 1;
  }

  /** Output type: first input's element type with the given dims. */
  static TensorType type(TensorType like, List<Dim> dims) {
    return new TensorType(like.dtype(), dims);
  }
}
