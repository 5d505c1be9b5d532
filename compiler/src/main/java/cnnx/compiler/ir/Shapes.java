package cnnx.compiler.ir;

/** Shape arithmetic with overflow checks: element counts, strides, axis normalisation. */
public final class Shapes {
  /**
   * The largest element count one tensor may have (2^30: 4 GiB of floats). Type inference, the
   * importer and the reference interpreter all refuse larger tensors.
   */
  public static final long MAX_ELEMENTS = 1L << 30;

  private Shapes() {}

  /** Element count, failing on negative dims or overflow. */
  public static int size(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension " + d);
      }
      n *= d;
      if (n > MAX_ELEMENTS) {
        throw new IllegalArgumentException("tensor too large: over " + MAX_ELEMENTS + " elements");
      }
    }
    return (int) n;
  }

  /** Element count of long dims, or -1 when it overflows the limit or a dim is negative. */
  public static long sizeOrMinusOne(long[] dims) {
    long n = 1;
    for (long d : dims) {
      if (d < 0) {
        return -1;
      }
      if (d != 0 && n > MAX_ELEMENTS / d) {
        return -1;
      }
      n *= d;
    }
    return n > MAX_ELEMENTS ? -1 : n;
  }

  /** Row-major strides. */
  public static int[] strides(int[] shape) {
    int[] s = new int[shape.length];
    int acc = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= shape[i];
    }
    return s;
  }

  /** Product of dims in [from, to). */
  public static int product(int[] shape, int from, int to) {
    long n = 1;
    for (int i = from; i < to; i++) {
      n *= shape[i];
    }
    return Math.toIntExact(n);
  }

  /** Maps a possibly negative axis into [0, rank); returns -1 when out of range. */
  public static int normalizeAxis(long axis, int rank) {
    long a = axis < 0 ? axis + rank : axis;
    return a < 0 || a >= rank ? -1 : (int) a;
  }
}
