package cnnx.boards;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Targets for real hardware that need not be on this machine, so that a model can be compiled (and its
 * plan inspected) for it anywhere. Every figure carries its public source. Rates are the ones OpenCL C
 * can reach: tensor/matrix units that OpenCL does not expose are left out.
 */
public final class TargetPresets {
  private static final long KIB = 1024;
  private static final long GIB = 1024L * 1024 * 1024;
  private static final Map<String, Target> PRESETS = new LinkedHashMap<>();

  static {
    // NVIDIA H100 SXM5: "NVIDIA H100 Tensor Core GPU Architecture" whitepaper (2022), table 3:
    // 132 SMs, peak FP32 66.9 TFLOPS, peak FP16 (non-tensor) 133.8 TFLOPS, HBM3 3.35 TB/s, 80 GB.
    // OpenCL on NVIDIA reports 48 KiB local memory and 1024 work-items per group; warps are 32 wide
    // (CUDA C Programming Guide, "Compute Capabilities", table 21, compute capability 9.0).
    add(new Target("nvidia/h100-sxm", DeviceKind.GPU, "NVIDIA", "H100 SXM5 80GB", 132, 1, 32, 48 * KIB, 256,
        1024, 66_900, 133_800, 0, 3_350, 80 * GIB, "OpenCL 3.0", List.of("cl_khr_fp16", "cl_khr_fp64",
            "cl_khr_int64_base_atomics"), KernelDialect.OPENCL_C, "preset"));
    // NVIDIA H200 SXM: NVIDIA H200 datasheet (2024): 141 GB HBM3e at 4.8 TB/s; same GH100 die and SM count
    // and FP32 rate as H100 SXM5 (66.9 TFLOPS).
    add(new Target("nvidia/h200-sxm", DeviceKind.GPU, "NVIDIA", "H200 SXM 141GB", 132, 1, 32, 48 * KIB, 256,
        1024, 66_900, 133_800, 0, 4_800, 141L * 1_000_000_000L, "OpenCL 3.0", List.of("cl_khr_fp16",
            "cl_khr_fp64", "cl_khr_int64_base_atomics"), KernelDialect.OPENCL_C, "preset"));
    // NVIDIA A100 SXM4 80GB: NVIDIA A100 datasheet (2021): 108 SMs, FP32 19.5 TFLOPS, 2,039 GB/s HBM2e,
    // 80 GB; FP16 non-tensor 78 TFLOPS ("NVIDIA A100 Tensor Core GPU Architecture" whitepaper, table 1).
    add(new Target("nvidia/a100-sxm4-80gb", DeviceKind.GPU, "NVIDIA", "A100 SXM4 80GB", 108, 1, 32, 48 * KIB,
        256, 1024, 19_500, 78_000, 0, 2_039, 80 * GIB, "OpenCL 3.0", List.of("cl_khr_fp16", "cl_khr_fp64",
            "cl_khr_int64_base_atomics"), KernelDialect.OPENCL_C, "preset"));
    // NVIDIA GeForce RTX 4090: "NVIDIA Ada GPU Architecture" whitepaper (2022), appendix table: 128 SMs,
    // FP32 82.6 TFLOPS, FP16 (non-tensor) 82.6 TFLOPS, 1,008 GB/s GDDR6X, 24 GB.
    add(new Target("nvidia/rtx-4090", DeviceKind.GPU, "NVIDIA", "GeForce RTX 4090", 128, 1, 32, 48 * KIB, 256,
        1024, 82_600, 82_600, 0, 1_008, 24 * GIB, "OpenCL 3.0", List.of("cl_khr_fp16", "cl_khr_fp64",
            "cl_khr_int64_base_atomics"), KernelDialect.OPENCL_C, "preset"));
    // AMD Instinct MI210: AMD Instinct MI210 datasheet (2022): 104 CUs, FP32 vector 22.6 TFLOPS, FP16
    // 181 TFLOPS, INT8 181 TOPS (matrix), 64 GB HBM2e at 1.6 TB/s. 64 KiB LDS per CU and wavefronts of 64
    // ("AMD Instinct MI200" CDNA2 ISA reference guide, section 1); ROCm OpenCL allows 256 work-items per group.
    add(new Target("amd/mi210", DeviceKind.GPU, "AMD", "Instinct MI210", 104, 1, 64, 64 * KIB, 256, 256,
        22_600, 181_000, 181_000, 1_638, 64 * GIB, "OpenCL 2.0", List.of("cl_khr_fp16", "cl_khr_fp64",
            "cl_khr_int64_base_atomics"), KernelDialect.OPENCL_C, "preset"));
    // Intel Xeon Platinum 8380 (Ice Lake-SP): Intel ARK: 40 cores, 2.3 GHz base, 8 channels of DDR4-3200
    // (8 x 25.6 = 204.8 GB/s), 2 AVX-512 FMA units per core (Intel 64 and IA-32 Architectures Optimization
    // Reference Manual, Ice Lake server) → 40 x 2.3 GHz x 2 FMA x 16 lanes x 2 = 5,888 GFLOP/s.
    // Intel's CPU OpenCL runtime reports 32 KiB local memory, 8192 work-items per group and a preferred
    // float vector width of 16 on AVX-512 ("Intel CPU Runtime for OpenCL Applications" developer guide).
    add(new Target("intel/xeon-8380", DeviceKind.CPU, "Intel", "Xeon Platinum 8380", 40, 16, 1, 32 * KIB, 1,
        8192, 5_888, 0, 0, 204.8, 256 * GIB, "OpenCL 3.0", List.of("cl_khr_fp64", "cl_khr_int64_base_atomics"),
        KernelDialect.OPENCL_C, "preset"));
  }

  private TargetPresets() {}

  private static void add(Target t) {
    PRESETS.put(t.id(), t);
  }

  /** Every preset, in a stable order. */
  public static List<Target> all() {
    return List.copyOf(PRESETS.values());
  }

  public static Optional<Target> find(String id) {
    return Optional.ofNullable(PRESETS.get(id));
  }

  /** The preset with this id, or an {@link IllegalArgumentException} listing the ones that exist. */
  public static Target get(String id) {
    return find(id).orElseThrow(() -> new IllegalArgumentException(
        "unknown target '" + id + "'; presets: " + String.join(", ", PRESETS.keySet())));
  }
}
