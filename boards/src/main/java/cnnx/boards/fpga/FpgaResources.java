package cnnx.boards.fpga;

import java.util.Objects;

/**
 * What an FPGA board offers a kernel designer, as its vendors publish it.
 *
 * @param device the FPGA part
 * @param dsps DSP blocks (Intel variable-precision DSP blocks, Xilinx DSP48 slices)
 * @param ramBlocks on-chip RAM blocks (Intel M20K/M10K, Xilinx 36 Kb block RAM; UltraRAM is not counted)
 * @param ramBlockBits bits per RAM block
 * @param logic logic elements: Intel ALMs, Xilinx CLB LUTs
 * @param logicUnit what {@code logic} counts ("ALM" or "LUT")
 * @param ddrGBps peak external-memory bandwidth (all banks together)
 * @param kernelMhz a typical clock an OpenCL/HLS conv kernel closes at on this board
 * @param hardFloat whether the DSP blocks have hardened single-precision floating point
 */
public record FpgaResources(String device, int dsps, int ramBlocks, int ramBlockBits, int logic, String logicUnit,
    double ddrGBps, double kernelMhz, boolean hardFloat) {
  public FpgaResources {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(logicUnit, "logicUnit");
    if (dsps < 1 || ramBlocks < 1 || ramBlockBits < 1 || logic < 1 || ddrGBps <= 0 || kernelMhz <= 0) {
      throw new IllegalArgumentException(device + ": resources must be positive");
    }
  }

  /** On-chip RAM in bytes. */
  public long ramBytes() {
    return (long) ramBlocks * ramBlockBits / 8;
  }

  /** The same board limited to what one published design used (its DSPs and clock). */
  public FpgaResources limitedTo(int usedDsps, double mhz) {
    return new FpgaResources(device, usedDsps, ramBlocks, ramBlockBits, logic, logicUnit, ddrGBps, mhz, hardFloat);
  }

  /** "Stratix V 5SGXEA7: 256 DSPs, 2560×20 Kb RAM, 234720 ALMs, 25.6 GB/s, ~200 MHz". */
  public String summary() {
    return String.format("%s: %d DSPs, %d x %d Kb RAM, %d %ss, %.1f GB/s, ~%.0f MHz", device, dsps, ramBlocks,
        ramBlockBits / 1024, logic, logicUnit, ddrGBps, kernelMhz);
  }
}
