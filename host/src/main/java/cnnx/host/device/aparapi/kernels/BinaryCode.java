package cnnx.host.device.aparapi.kernels;

/** The two-operand functions of {@link BinaryKernel}, as int codes. */
public final class BinaryCode {
  private BinaryCode() {}

  public static final int ADD = 0;
  public static final int SUB = 1;
  public static final int MUL = 2;
  public static final int DIV = 3;
  public static final int POW = 4;
  public static final int MAX = 5;
  public static final int MIN = 6;
  /** a where a >= 0, else a * b (b the slope). */
  public static final int PRELU = 7;
}
