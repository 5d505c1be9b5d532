package cnnx.compiler.ops.tensor;

import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.TensorType;

/** What the indexing ops share: rank checks, coordinates and Scatter's reductions. */
public final class Scatter {
  private Scatter() {}

  /** Scatter's reduction attribute: none (last write wins), add, mul, max or min. */
  public enum Reduction {
    NONE, ADD, MUL, MAX, MIN;

    public static Reduction of(Node node) {
      String r = node.stringAttr("reduction", "none");
      return switch (r) {
        case "none" -> NONE;
        case "add" -> ADD;
        case "mul" -> MUL;
        case "max" -> MAX;
        case "min" -> MIN;
        default -> throw node.invalid("reduction must be none, add, mul, max or min, is '" + r + "'");
      };
    }

    double apply(double old, double update) {
      return switch (this) {
        case NONE -> update;
        case ADD -> old + update;
        case MUL -> old * update;
        case MAX -> Math.max(old, update);
        case MIN -> Math.min(old, update);
      };
    }

    long apply(long old, long update) {
      return switch (this) {
        case NONE -> update;
        case ADD -> old + update;
        case MUL -> old * update;
        case MAX -> Math.max(old, update);
        case MIN -> Math.min(old, update);
      };
    }
  }

  static void checkSameRank(Node node, TensorType data, TensorType other, String what) {
    if (data.rank() == 0 || other.rank() != data.rank()) {
      throw node.invalid("'" + what + "' must have data's rank " + data.rank() + " (at least 1), has " + other);
    }
  }

  /** Requires dims to agree where both are known. */
  static void checkSameShape(Node node, TensorType a, TensorType b, String what) {
    for (int i = 0; i < a.rank(); i++) {
      Dim x = a.dim(i);
      Dim y = b.dim(i);
      if (x.isKnown() && y.isKnown() && x.value() != y.value()) {
        throw node.invalid("'" + what + "' has shape " + b + ", expected " + a);
      }
    }
  }

  /** The coordinates of flat index e in shape (row-major). */
  static void unravel(int e, int[] shape, int[] coord) {
    for (int a = shape.length - 1; a >= 0; a--) {
      coord[a] = shape[a] == 0 ? 0 : e % shape[a];
      e = shape[a] == 0 ? 0 : e / shape[a];
    }
  }

  /** Stores update into out[at] under the reduction (float[] or long[] arrays). */
  static void store(Object out, int at, Object updates, int from, Reduction r) {
    if (out instanceof float[] f) {
      f[at] = (float) r.apply(f[at], ((float[]) updates)[from]);
    } else {
      long[] l = (long[]) out;
      l[at] = r.apply(l[at], ((long[]) updates)[from]);
    }
  }
}
