package cnnx.compiler.ops.elementwise;

import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * ONNX broadcasting. Multidirectional (numpy) broadcasting aligns shapes at their trailing dims;
 * each aligned dim is either equal or 1. Unidirectional broadcasting only stretches one operand
 * to the shape of another. Index maps take an output index to an input index.
 */
public final class Broadcast {
  private Broadcast() {}

  /** The multidirectional broadcast of concrete shapes, or null when they do not broadcast. */
  public static int[] shapeOrNull(List<int[]> shapes) {
    int rank = 0;
    for (int[] s : shapes) {
      rank = Math.max(rank, s.length);
    }
    int[] out = new int[rank];
    Arrays.fill(out, 1);
    for (int[] s : shapes) {
      int offset = rank - s.length;
      for (int i = 0; i < s.length; i++) {
        int d = s[i];
        int o = out[offset + i];
        if (d == o || d == 1) {
          continue;
        }
        if (o != 1) {
          return null;
        }
        out[offset + i] = d;
      }
    }
    return out;
  }

  /** The multidirectional broadcast of concrete shapes; fails naming the node. */
  public static int[] shape(Node node, List<int[]> shapes) {
    int[] out = shapeOrNull(shapes);
    if (out == null) {
      throw node.invalid("shapes " + String.join(", ", shapes.stream().map(Arrays::toString).toList())
          + " cannot be broadcast together");
    }
    return out;
  }

  /**
   * The multidirectional broadcast of possibly symbolic types. A dim is known when some operand
   * has it known and not 1; a symbol survives when every non-1 candidate is that symbol;
   * otherwise (two different unknowns) it is unknown.
   */
  public static List<Dim> dims(Node node, List<TensorType> types) {
    int rank = 0;
    for (TensorType t : types) {
      rank = Math.max(rank, t.rank());
    }
    List<Dim> out = new ArrayList<>(rank);
    for (int pos = 0; pos < rank; pos++) {
      long known = -1;
      List<Dim> open = new ArrayList<>();
      for (TensorType t : types) {
        int i = pos - (rank - t.rank());
        if (i < 0) {
          continue;
        }
        Dim d = t.dim(i);
        if (!d.isKnown()) {
          open.add(d);
        } else if (d.value() != 1) {
          if (known >= 0 && known != d.value()) {
            throw node.invalid("shapes " + String.join(", ", types.stream().map(TensorType::toString).toList())
                + " cannot be broadcast together (dimension " + known + " vs " + d.value() + ")");
          }
          known = d.value();
        }
      }
      out.add(merge(known, open));
    }
    return out;
  }

  private static Dim merge(long known, List<Dim> open) {
    if (known >= 0) {
      return Dim.of(known); // every unknown operand dim must be 1 or this
    }
    if (open.isEmpty()) {
      return Dim.of(1);
    }
    String symbol = open.get(0).symbol();
    for (Dim d : open) {
      if (d.symbol() == null || !Objects.equals(d.symbol(), symbol)) {
        return open.size() == 1 ? open.get(0) : Dim.unknown();
      }
    }
    return open.get(0);
  }

  /**
   * Checks that {@code from} broadcasts unidirectionally to {@code to} (as PRelu's slope to X);
   * dims that are not known on both sides are left to the runtime check.
   */
  public static void requireUnidirectional(Node node, String what, TensorType from, TensorType to) {
    boolean ok = from.rank() <= to.rank();
    for (int i = 0; ok && i < from.rank(); i++) {
      Dim f = from.dim(i);
      Dim t = to.dim(i + to.rank() - from.rank());
      ok = !f.isKnown() || !t.isKnown() || f.value() == 1 || f.value() == t.value();
    }
    if (!ok) {
      throw node.invalid(what + " of shape " + from + " cannot be broadcast to " + to);
    }
  }

  /**
   * For each output element (row-major over {@code out}), the index of the input element it reads,
   * where {@code in} broadcasts to {@code out}. Null when the shapes are equal (the identity).
   */
  public static int[] indexMapOrNull(int[] in, int[] out) {
    if (Arrays.equals(in, out)) {
      return null;
    }
    int[] strides = alignedStrides(in, out);
    int n = Shapes.size(out);
    int[] map = new int[n];
    if (n == 0) {
      return map;
    }
    int rank = out.length;
    int[] counter = new int[rank];
    int offset = 0;
    for (int i = 0; i < n; i++) {
      map[i] = offset;
      for (int d = rank - 1; d >= 0; d--) {
        offset += strides[d];
        if (++counter[d] < out[d]) {
          break;
        }
        offset -= strides[d] * out[d];
        counter[d] = 0;
      }
    }
    return map;
  }

  /** The input index for output index {@code i} under a map from {@link #indexMapOrNull}. */
  public static int at(int[] map, int i) {
    return map == null ? i : map[i];
  }

  /**
   * Strides of {@code in} laid over the dims of {@code out}: 0 where {@code in} is broadcast
   * (missing leading dim or size 1), its own row-major stride elsewhere.
   */
  public static int[] alignedStrides(int[] in, int[] out) {
    if (in.length > out.length) {
      throw new IllegalArgumentException(Arrays.toString(in) + " does not broadcast to " + Arrays.toString(out));
    }
    int[] own = Shapes.strides(in);
    int[] s = new int[out.length];
    int offset = out.length - in.length;
    for (int i = 0; i < in.length; i++) {
      if (in[i] == out[offset + i]) {
        s[offset + i] = own[i];
      } else if (in[i] != 1) {
        throw new IllegalArgumentException(Arrays.toString(in) + " does not broadcast to " + Arrays.toString(out));
      }
    }
    return s;
  }
}
