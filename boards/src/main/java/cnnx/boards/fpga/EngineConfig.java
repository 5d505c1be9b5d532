package cnnx.boards.fpga;

/**
 * One point of PipeCNN's design space: each cycle, each of {@code lanes} output lanes takes a dot product of
 * {@code vec} terms, so the engine does {@code vec × lanes} multiply-accumulates per cycle.
 *
 * @param vec VEC_SIZE: terms per lane and cycle (a power of two: it is a memory word of features)
 * @param lanes LANE_NUM: output channels computed side by side
 * @param precision the arithmetic
 */
public record EngineConfig(int vec, int lanes, Precision precision) {
  public EngineConfig {
    if (vec < 1 || Integer.bitCount(vec) != 1 || lanes < 1) {
      throw new IllegalArgumentException("VEC_SIZE must be a power of two and LANE_NUM positive: " + vec + "x" + lanes);
    }
    java.util.Objects.requireNonNull(precision, "precision");
  }

  public int macsPerCycle() {
    return vec * lanes;
  }

  @Override
  public String toString() {
    return "VEC_SIZE=" + vec + " LANE_NUM=" + lanes + " " + precision;
  }
}
