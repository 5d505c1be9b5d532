package cnnx.host.device.opencl;

import cnnx.boards.DeviceKind;
import cnnx.boards.KernelDialect;
import cnnx.boards.Target;
import cnnx.host.cl.ClDeviceType;
import cnnx.host.cl.DeviceInfo;

/**
 * A live OpenCL device as a compiler target: its own figures from discovery. Peak rate and bandwidth are
 * not in OpenCL's device queries; until calibrated they are rough estimates (marked so in the origin).
 */
public final class OpenClTargets {
  private OpenClTargets() {}

  public static Target of(DeviceInfo info) {
    DeviceKind kind = switch (info.type()) {
      case GPU -> DeviceKind.GPU;
      case ACCELERATOR -> DeviceKind.FPGA;
      default -> DeviceKind.CPU;
    };
    boolean nvidia = info.vendor().toLowerCase().contains("nvidia");
    boolean amd = info.vendor().toLowerCase().contains("advanced micro") || info.vendor().toLowerCase().contains("amd");
    int subgroup = kind != DeviceKind.GPU ? 1 : nvidia ? 32 : amd ? 64 : 16;
    long maxWg = Math.max(1, info.maxWorkGroupSize());
    int preferred = kind == DeviceKind.CPU ? 1 : (int) Math.min(256, maxWg);
    int simd = Math.max(1, info.preferredFloatVectorWidth());
    // Rough until calibrated: 2 flops x SIMD lanes x 2 FMA units x 2 GHz per compute unit on CPUs; GPUs
    // 128 lanes per compute unit at 1.5 GHz. Bandwidth 20 GB/s (CPU) / 500 GB/s (GPU).
    double gflops = kind == DeviceKind.CPU ? info.computeUnits() * simd * 2 * 2 * 2.0
        : info.computeUnits() * 128 * 2 * 1.5;
    double gbps = kind == DeviceKind.CPU ? 20 : 500;
    String version = info.openClVersion().split(" ").length >= 2
        ? String.join(" ", java.util.Arrays.copyOf(info.openClVersion().split(" "), 2)) : info.openClVersion();
    return new Target("opencl:" + info.index(), kind, info.vendor(), info.deviceName(), info.computeUnits(), simd,
        subgroup, info.localMemBytes(), preferred, maxWg, gflops, info.hasExtension("cl_khr_fp16") ? 2 * gflops : 0, 0,
        gbps, info.globalMemBytes(), version, info.extensions(),
        info.type() == ClDeviceType.ACCELERATOR ? KernelDialect.INTEL_FPGA_OPENCL : KernelDialect.OPENCL_C,
        "live: " + info.platformName() + " " + info.driverVersion() + " (rates estimated)");
  }
}
