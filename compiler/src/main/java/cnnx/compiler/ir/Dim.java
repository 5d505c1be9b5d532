package cnnx.compiler.ir;

/**
 * One dimension of a static type: a known size, a named symbol (such as a batch "N"), or unknown.
 *
 * @param value the size, or -1 when not known
 * @param symbol the symbol's name, or null
 */
public record Dim(long value, String symbol) {
  private static final Dim UNKNOWN = new Dim(-1, null);

  public Dim {
    if (value < -1) {
      throw new IllegalArgumentException("dimension " + value);
    }
  }

  public static Dim of(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative dimension " + value);
    }
    return new Dim(value, null);
  }

  public static Dim symbol(String name) {
    return new Dim(-1, name);
  }

  public static Dim unknown() {
    return UNKNOWN;
  }

  public boolean isKnown() {
    return value >= 0;
  }

  @Override
  public String toString() {
    if (isKnown()) {
      return Long.toString(value);
    }
    return symbol != null ? symbol : "?";
  }
}
