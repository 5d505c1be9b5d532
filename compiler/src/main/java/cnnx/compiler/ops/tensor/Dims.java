package cnnx.compiler.ops.tensor;

import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import java.util.ArrayList;
import java.util.List;

/** Arithmetic on possibly symbolic dims, shared by type inference and evaluation. */
final class Dims {
  private Dims() {}

  static List<Dim> of(int[] shape) {
    List<Dim> dims = new ArrayList<>(shape.length);
    for (int d : shape) {
      dims.add(Dim.of(d));
    }
    return dims;
  }

  /** Sizes of fully known dims; only called on dims computed from concrete shapes. */
  static int[] toShape(List<Dim> dims) {
    int[] s = new int[dims.size()];
    for (int i = 0; i < s.length; i++) {
      Dim d = dims.get(i);
      if (!d.isKnown()) {
        throw new IllegalStateException("dimension " + i + " is not known: " + dims);
      }
      s[i] = Math.toIntExact(d.value());
    }
    return s;
  }

  /** A known dim, failing with a message naming the node when the size is over the tensor limit. */
  static Dim known(Node node, long value, String what) {
    if (value < 0) {
      throw node.invalid(what + " would be negative (" + value + ")");
    }
    if (value > Shapes.MAX_ELEMENTS) {
      throw node.invalid(what + " of " + value + " is over the limit of " + Shapes.MAX_ELEMENTS);
    }
    return Dim.of(value);
  }

  /**
   * Product of dims: known when all are; a lone symbol times known ones equal to 1 stays that
   * symbol; a known zero makes the product 0; otherwise unknown.
   */
  static Dim product(Node node, List<Dim> dims) {
    long known = 1;
    Dim symbolic = null;
    int unknown = 0;
    boolean zero = false;
    for (Dim d : dims) {
      if (d.isKnown()) {
        zero |= d.value() == 0;
        known = multiply(node, known, Math.max(1, d.value()));
      } else {
        unknown++;
        symbolic = d;
      }
    }
    if (zero) {
      return Dim.of(0);
    }
    if (unknown == 0) {
      return known(node, known, "element count");
    }
    if (unknown == 1 && known == 1) {
      return symbolic;
    }
    return Dim.unknown();
  }

  /** a * b for element counts, failing past the tensor size limit. */
  static long multiply(Node node, long a, long b) {
    if (b != 0 && a > Shapes.MAX_ELEMENTS / b) {
      throw node.invalid("element count over the limit of " + Shapes.MAX_ELEMENTS);
    }
    return a * b;
  }

  /** Two dims that must be equal: a known one wins over a symbol, a symbol over unknown. */
  static Dim unify(Node node, Dim a, Dim b, String what) {
    if (a.isKnown() && b.isKnown()) {
      if (a.value() != b.value()) {
        throw node.invalid(what + ": " + a.value() + " vs " + b.value());
      }
      return a;
    }
    if (a.isKnown()) {
      return a;
    }
    if (b.isKnown()) {
      return b;
    }
    return a.symbol() != null ? a : b;
  }

  static Dim sum(Node node, Dim a, Dim b) {
    return a.isKnown() && b.isKnown() ? known(node, a.value() + b.value(), "dimension") : Dim.unknown();
  }

  static boolean isOne(Dim d) {
    return d.isKnown() && d.value() == 1;
  }

  static List<Dim> unknown(int rank) {
    List<Dim> dims = new ArrayList<>(rank);
    for (int i = 0; i < rank; i++) {
      dims.add(Dim.unknown());
    }
    return dims;
  }
}
