package cnnx.boards.fpga;

/**
 * The arithmetic of a conv engine: it decides the bytes each value moves and how many multiplies one DSP
 * block does per cycle.
 */
public enum Precision {
  FP32(4),
  FP16(2),
  /** 8-bit fixed point, as PipeCNN runs its published designs. */
  INT8(1);

  private final int bytes;

  Precision(int bytes) {
    this.bytes = bytes;
  }

  public int bytes() {
    return bytes;
  }

  /**
   * Multiplies one DSP block does per cycle. 8-bit: two, since one 18×19 (Intel Arria-10/Stratix-10 "two
   * 18×19 multipliers per DSP block") or one 27×18 multiplier with a shared operand (Xilinx WP486, "Deep
   * Learning with INT8 Optimization on Xilinx Devices") holds two 8-bit products. fp16: one. fp32: one on
   * families with hardened floating point (Arria-10, Stratix-10, "IEEE 754 single-precision hard floating
   * point" in their DSP blocks); elsewhere a 24-bit mantissa product needs a 27×27 block plus soft adders,
   * counted as half a multiply per block for the adder logic it displaces.
   */
  public double multipliesPerDsp(boolean hardFloat) {
    return switch (this) {
      case INT8 -> 2;
      case FP16 -> 1;
      case FP32 -> hardFloat ? 1 : 0.5;
    };
  }
}
