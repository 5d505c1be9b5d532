package cnnx.host.device.aparapi.kernels;

/**
 * The element-wise functions the kernels apply, as the int codes their Java subset can switch on (Aparapi
 * kernels cannot hold objects). Parameters: {@code a}, {@code b}, {@code g} as each op's attributes.
 */
public final class UnaryCode {
  private UnaryCode() {}

  public static final int IDENTITY = 0;
  public static final int RELU = 1;
  /** min a, max b. */
  public static final int CLIP = 2;
  public static final int LEAKY_RELU = 3;
  public static final int ELU = 4;
  /** alpha a, gamma g. */
  public static final int SELU = 5;
  public static final int SIGMOID = 6;
  /** alpha a, beta b. */
  public static final int HARD_SIGMOID = 7;
  public static final int HARD_SWISH = 8;
  public static final int TANH = 9;
  public static final int SOFTPLUS = 10;
  public static final int SOFTSIGN = 11;
  public static final int NEG = 12;
  public static final int ABS = 13;
  public static final int SQRT = 14;
  public static final int EXP = 15;
  public static final int LOG = 16;
  public static final int RECIPROCAL = 17;
  public static final int FLOOR = 18;
  public static final int CEIL = 19;
  /** a * v + b: a folded batch norm or a scale. */
  public static final int AFFINE = 20;
}
