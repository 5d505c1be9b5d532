package cnnx.boards.fpga;

import java.util.ArrayList;
import java.util.List;

/**
 * Resources and latency of a PipeCNN-style conv engine on a board: a pure function of the configuration, the
 * board and the layers.
 *
 * <p>Latency per layer is the larger of compute and memory time. Compute: the window of each output (its
 * {@code Cin/groups × K × K} terms, flattened, as PipeCNN's host re-lays out the input so that the first
 * layer's three channels do not leave most of a vector idle) is consumed {@code vec} terms per cycle, for
 * {@code ceil(Cout/lanes)} lane groups and every output pixel. Memory: the input map is fetched once per
 * lane group (the engine's memory reader streams it again for each group of output channels), weights and
 * outputs once; fully connected weights are shared by the images of a batch.
 */
public final class EngineModel {
  /**
   * Fraction of the engine's MAC slots that do useful work once the channel pipes between its kernels stall at
   * layer boundaries and behind pooling and normalisation. Fitted once, to PipeCNN's six published figures
   * together (the same for every board), not per board.
   */
  public static final double COMPUTE_EFFICIENCY = 0.6;
  /**
   * Fraction of peak DDR bandwidth that the engine's burst reads reach; fitted with {@link #COMPUTE_EFFICIENCY}.
   */
  public static final double DDR_EFFICIENCY = 0.4;
  /**
   * DSP blocks outside the MAC array (address arithmetic of the memory reader and writer): an estimate.
   */
  public static final int CONTROL_DSPS = 4;
  /** Logic of everything but the MAC array (board support, memory kernels, pooling, LRN): an estimate. */
  public static final int BASE_LOGIC = 15_000;
  /** Logic per MAC (its share of the adder tree and accumulator pipeline registers): an estimate. */
  public static final int LOGIC_PER_MAC = 60;

  /** What a configuration needs. */
  public record Usage(int dsps, int ramBlocks, int logic) {
    public boolean fitsOn(FpgaResources r) {
      return dsps <= r.dsps() && ramBlocks <= r.ramBlocks() && logic <= r.logic();
    }
  }

  /** One layer's predicted time and what bounds it. */
  public record LayerTime(ConvShape layer, double seconds, double computeSeconds, double memorySeconds) {
    public boolean memoryBound() {
      return memorySeconds > computeSeconds;
    }
  }

  private EngineModel() {}

  /**
   * DSPs, RAM blocks and logic for a configuration able to run these layers: the weight buffer holds one lane
   * group's weights of the largest layer, the line buffer {@code K} rows of the widest map.
   */
  public static Usage usage(EngineConfig c, FpgaResources board, List<ConvShape> layers) {
    int dsps = (int) Math.ceil(c.macsPerCycle() / c.precision().multipliesPerDsp(board.hardFloat())) + CONTROL_DSPS;
    long weightBytes = 0;
    long lineBytes = 0;
    for (ConvShape l : layers) {
      weightBytes = Math.max(weightBytes, l.reduction() * c.lanes() * c.precision().bytes());
      lineBytes = Math.max(lineBytes, (long) l.kernel() * l.inWidth() * c.vec() * c.precision().bytes());
    }
    long blockBytes = board.ramBlockBits() / 8;
    // Each lane's buffer is its own memory (it is read every cycle), so blocks are counted per lane.
    int ram = (int) (c.lanes() * ceilDiv(weightBytes / c.lanes(), blockBytes) + ceilDiv(lineBytes, blockBytes));
    int logic = BASE_LOGIC + LOGIC_PER_MAC * c.macsPerCycle();
    return new Usage(dsps, ram, logic);
  }

  /** Per-layer time at a clock and DDR bandwidth, for a batch of images (fully connected weights shared). */
  public static List<LayerTime> latency(EngineConfig c, FpgaResources board, List<ConvShape> layers, int batch) {
    List<LayerTime> out = new ArrayList<>();
    double hz = board.kernelMhz() * 1e6;
    double bytesPerSecond = board.ddrGBps() * 1e9 * DDR_EFFICIENCY;
    for (ConvShape l : layers) {
      long laneGroups = ceilDiv(l.outChannels() / l.groups(), c.lanes());
      long cycles = l.groups() * ceilDiv(l.reduction(), c.vec()) * laneGroups * l.outHeight() * l.outWidth();
      double compute = cycles / hz / COMPUTE_EFFICIENCY;
      double weights = (double) l.weightCount() / (l.isFullyConnected() ? batch : 1);
      double values = l.inputCount() * laneGroups * l.groups() + l.outputCount() + weights;
      double memory = values * c.precision().bytes() / bytesPerSecond;
      out.add(new LayerTime(l, Math.max(compute, memory), compute, memory));
    }
    return out;
  }

  public static double totalSeconds(List<LayerTime> times) {
    return times.stream().mapToDouble(LayerTime::seconds).sum();
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
