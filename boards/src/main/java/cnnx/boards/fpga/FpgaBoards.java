package cnnx.boards.fpga;

import cnnx.boards.DeviceKind;
import cnnx.boards.KernelDialect;
import cnnx.boards.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * FPGA boards with their published resources. Every figure names its source. Kernel clocks are what
 * published OpenCL/HLS conv engines closed at on the board where one exists (PipeCNN's table), otherwise the
 * vendor platform's default kernel clock. Peak rates on the target follow from DSPs × multiplies per DSP × 2 ×
 * clock, which is what the conv engine can reach, not a vendor marketing figure.
 */
public final class FpgaBoards {
  private static final long MIB = 1024L * 1024;
  private static final long GIB = 1024 * MIB;
  private static final Map<String, FpgaBoard> BOARDS = new LinkedHashMap<>();

  static {
    // Terasic DE5-Net: Stratix V GX 5SGXEA7N2F45C2 (Terasic DE5-Net user manual, ch. 1): two DDR3 SO-DIMMs,
    // 64-bit at 800 MHz (DDR3-1600) → 2 × 12.8 = 25.6 GB/s. Stratix V device overview (SV51001, table 1,
    // 5SGXA7): 234,720 ALMs, 256 variable-precision DSP blocks, 2,560 M20K blocks. Clock: 198 MHz, PipeCNN
    // (github.com/doonny/PipeCNN README, "Boards and Performances").
    add("intel/de5-net", "Terasic", "DE5-Net (Stratix V GX A7)", KernelDialect.INTEL_FPGA_OPENCL, 4 * GIB,
        new FpgaResources("Stratix V 5SGXEA7", 256, 2_560, 20 * 1024, 234_720, "ALM", 25.6, 198, false));
    // Terasic DE5a-Net: Arria 10 GX 10AX115N2F45E1SG (Terasic DE5a-Net user manual, ch. 1): two DDR4 SO-DIMM
    // banks, 64-bit at 1066 MHz (DDR4-2133) → 2 × 17.07 = 34.1 GB/s. Arria 10 device overview (A10-OVERVIEW,
    // GX 1150): 427,200 ALMs, 1,518 DSP blocks (hard fp32), 2,713 M20K blocks. Clock: 218 MHz, PipeCNN README.
    add("intel/de5a-net", "Terasic", "DE5a-Net (Arria 10 GX 1150)", KernelDialect.INTEL_FPGA_OPENCL, 4 * GIB,
        new FpgaResources("Arria 10 GX 10AX115", 1_518, 2_713, 20 * 1024, 427_200, "ALM", 34.1, 218, true));
    // Terasic DE1-SoC: Cyclone V SE 5CSEMA5F31C6 (Terasic DE1-SoC user manual, ch. 1): the OpenCL BSP uses
    // the HPS's 1 GB DDR3, 32-bit at 400 MHz → 3.2 GB/s. Cyclone V device overview (CV-51001, 5CSEA5):
    // 32,070 ALMs, 87 DSP blocks, 397 M10K blocks. Clock: 122 MHz, PipeCNN README.
    add("intel/de1-soc", "Terasic", "DE1-SoC (Cyclone V SE A5)", KernelDialect.INTEL_FPGA_OPENCL, GIB,
        new FpgaResources("Cyclone V 5CSEMA5", 87, 397, 10 * 1024, 32_070, "ALM", 3.2, 122, false));
    // Intel FPGA PAC D5005: Stratix 10 SX 1SX280HN2F43E2VG (Intel PAC D5005 data sheet): four DDR4-2400 banks
    // of 8 GB, 64 data bits each → 4 × 19.2 = 76.8 GB/s. Stratix 10 GX/SX device overview (S10-OVERVIEW,
    // SX 2800): 933,120 ALMs, 5,760 DSP blocks (hard fp32), 11,721 M20K blocks. Clock: 300 MHz, an assumption
    // (no published conv-engine clock for this card); HyperFlex designs on it are typically quoted 300-400 MHz.
    add("intel/pac-d5005", "Intel", "PAC D5005 (Stratix 10 SX 2800)", KernelDialect.INTEL_FPGA_OPENCL, 32 * GIB,
        new FpgaResources("Stratix 10 SX 1SX280", 5_760, 11_721, 20 * 1024, 933_120, "ALM", 76.8, 300, true));
    // Xilinx Alveo U50 (DS965, Alveo U50 data sheet): XCU50, 872K LUTs, 5,952 DSP slices, 1,344 36 Kb block
    // RAMs (47.3 Mb), 8 GB HBM2 at 316 GB/s. Clock: 300 MHz, the Vitis platform's default kernel clock
    // (xilinx_u50_gen3x16_xdma platform, UG1370).
    add("xilinx/u50", "Xilinx", "Alveo U50", KernelDialect.XILINX_OPENCL, 8 * GIB,
        new FpgaResources("Virtex UltraScale+ XCU50", 5_952, 1_344, 36 * 1024, 872_000, "LUT", 316, 300, false));
    // Xilinx Alveo U200 (DS962, Alveo U200 and U250 data sheet): 1,182K LUTs, 6,840 DSP slices, 2,160 block
    // RAMs (75.9 Mb), 64 GB DDR4 in four 2400 MT/s channels, 77 GB/s. Clock: 300 MHz (Vitis platform default).
    add("xilinx/u200", "Xilinx", "Alveo U200", KernelDialect.XILINX_OPENCL, 64 * GIB,
        new FpgaResources("Virtex UltraScale+ XCU200", 6_840, 2_160, 36 * 1024, 1_182_000, "LUT", 77, 300, false));
    // Xilinx Alveo U250 (DS962): 1,728K LUTs, 12,288 DSP slices, 2,688 block RAMs (94.5 Mb), 64 GB DDR4 at
    // 77 GB/s. Clock: 300 MHz (Vitis platform default).
    add("xilinx/u250", "Xilinx", "Alveo U250", KernelDialect.XILINX_OPENCL, 64 * GIB,
        new FpgaResources("Virtex UltraScale+ XCU250", 12_288, 2_688, 36 * 1024, 1_728_000, "LUT", 77, 300, false));
    // Xilinx Alveo U280 (DS963, Alveo U280 data sheet): 1,304K LUTs, 9,024 DSP slices, 2,016 block RAMs
    // (70.9 Mb), 8 GB HBM2 at 460 GB/s (plus 32 GB DDR4 at 38 GB/s, not counted). Clock: 300 MHz (platform default).
    add("xilinx/u280", "Xilinx", "Alveo U280", KernelDialect.XILINX_OPENCL, 8 * GIB,
        new FpgaResources("Virtex UltraScale+ XCU280", 9_024, 2_016, 36 * 1024, 1_304_000, "LUT", 460, 300, false));
    // Xilinx ZCU102 (UG1182, ZCU102 evaluation board user guide): Zynq UltraScale+ XCZU9EG; the PS DDR4 is
    // 64-bit at 2133 MT/s → 17.0 GB/s. Zynq UltraScale+ product table (DS891, ZU9EG): 274,080 LUTs, 2,520
    // DSP slices, 912 block RAMs (32.1 Mb). Clock: 300 MHz, the zcu102 Vitis base platform's fastest clock.
    add("xilinx/zcu102", "Xilinx", "ZCU102 (Zynq UltraScale+ ZU9EG)", KernelDialect.XILINX_OPENCL, 4 * GIB,
        new FpgaResources("Zynq UltraScale+ XCZU9EG", 2_520, 912, 36 * 1024, 274_080, "LUT", 17.0, 300, false));
  }

  private FpgaBoards() {}

  private static void add(String id, String vendor, String name, KernelDialect dialect, long memory,
      FpgaResources r) {
    double hz = r.kernelMhz() * 1e6;
    double fp32 = r.dsps() * Precision.FP32.multipliesPerDsp(r.hardFloat()) * 2 * hz / 1e9;
    double fp16 = r.dsps() * Precision.FP16.multipliesPerDsp(r.hardFloat()) * 2 * hz / 1e9;
    double int8 = r.dsps() * Precision.INT8.multipliesPerDsp(r.hardFloat()) * 2 * hz / 1e9;
    // An FPGA kernel is one single work-item pipeline (max_global_work_dim(0)): one compute unit, groups of one.
    Target t = new Target(id, DeviceKind.FPGA, vendor, name, 1, 1, 1, r.ramBytes(), 1, 1, fp32, fp16, int8,
        r.ddrGBps(), memory, "OpenCL 1.2", List.of(), dialect, "preset");
    BOARDS.put(id, new FpgaBoard(t, r));
  }

  public static List<FpgaBoard> all() {
    return List.copyOf(BOARDS.values());
  }

  public static Optional<FpgaBoard> find(String id) {
    return Optional.ofNullable(BOARDS.get(id));
  }
}
