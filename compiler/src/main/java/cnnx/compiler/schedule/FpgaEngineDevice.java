package cnnx.compiler.schedule;

import cnnx.boards.Target;
import cnnx.boards.fpga.ConvShape;
import cnnx.boards.fpga.DesignSpace;
import cnnx.boards.fpga.EngineModel;
import cnnx.boards.fpga.FpgaBoard;
import cnnx.boards.fpga.Precision;
import java.util.List;
import java.util.OptionalDouble;

/**
 * An FPGA board running one PipeCNN-style conv engine, configured by design-space exploration for the model's
 * contractions: it runs Conv and Gemm launches (with their fused epilogues) and nothing else, so every other
 * launch must be placed on another device.
 */
public final class FpgaEngineDevice implements DeviceModel {
  /** PCIe 3.0 ×8, the link of the Terasic and most FPGA accelerator cards: 7.88 GB/s (PCI-SIG, PCIe 3.0). */
  public static final double PCIE3_X8_GBPS = 7.88;

  private final FpgaBoard board;
  private final DesignSpace.Design design;

  private FpgaEngineDevice(FpgaBoard board, DesignSpace.Design design) {
    this.board = board;
    this.design = design;
  }

  /** The board with the best engine for these launches' contractions, or empty when none fits. */
  public static java.util.Optional<FpgaEngineDevice> forLaunches(FpgaBoard board, List<LaunchWork> launches,
      Precision precision) {
    List<ConvShape> layers = launches.stream().flatMap(l -> l.conv().stream()).toList();
    if (layers.isEmpty()) {
      return java.util.Optional.empty();
    }
    return DesignSpace.explore(board.resources(), layers, precision, 1).map(d -> new FpgaEngineDevice(board, d));
  }

  public DesignSpace.Design design() {
    return design;
  }

  @Override
  public String id() {
    return board.id();
  }

  @Override
  public Target target() {
    return board.target();
  }

  @Override
  public boolean live() {
    return false;
  }

  @Override
  public OptionalDouble seconds(LaunchWork launch) {
    if (launch.conv().isEmpty()) {
      return OptionalDouble.empty();
    }
    ConvShape layer = launch.conv().get();
    double one = EngineModel.totalSeconds(EngineModel.latency(design.config(), board.resources(), List.of(layer), 1));
    double images = launch.macs() == 0 ? 1 : (double) launch.macs() / layer.macs();
    return OptionalDouble.of(one * Math.max(1, Math.round(images)));
  }

  @Override
  public double linkBytesPerSecond() {
    return PCIE3_X8_GBPS * 1e9;
  }

  @Override
  public String method() {
    return "conv engine " + design.config() + " (" + design.usage().dsps() + " DSPs, " + design.usage().ramBlocks()
        + " RAM blocks) at " + board.resources().kernelMhz() + " MHz; runs Conv/Gemm launches only";
  }
}
