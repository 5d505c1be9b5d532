package cnnx.boards.fpga;

import java.util.List;
import java.util.Optional;

/**
 * PipeCNN's design-space exploration without compiling each design: every VEC_SIZE (power of two up to 64)
 * and LANE_NUM (1..256) whose resources fit the board, the one with the least predicted latency for the given
 * layers (ties: fewer DSPs).
 */
public final class DesignSpace {
  private static final int MAX_VEC = 64;
  private static final int MAX_LANES = 256;

  /** The chosen design and what it costs. */
  public record Design(EngineConfig config, EngineModel.Usage usage, List<EngineModel.LayerTime> layers) {
    public double seconds() {
      return EngineModel.totalSeconds(layers);
    }
  }

  private DesignSpace() {}

  /** The fastest design that fits, or empty when not even 1×1 fits. */
  public static Optional<Design> explore(FpgaResources board, List<ConvShape> layers, Precision precision,
      int batch) {
    Design best = null;
    for (int vec = 1; vec <= MAX_VEC; vec *= 2) {
      for (int lanes = 1; lanes <= MAX_LANES; lanes++) {
        EngineConfig c = new EngineConfig(vec, lanes, precision);
        EngineModel.Usage u = EngineModel.usage(c, board, layers);
        if (!u.fitsOn(board)) {
          continue;
        }
        Design d = new Design(c, u, EngineModel.latency(c, board, layers, batch));
        if (best == null || d.seconds() < best.seconds() * (1 - 1e-9)
            || (d.seconds() <= best.seconds() * (1 + 1e-9) && u.dsps() < best.usage().dsps())) {
          best = d;
        }
      }
    }
    return Optional.ofNullable(best);
  }
}
