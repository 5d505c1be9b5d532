package cnnx.compiler.schedule;

import cnnx.boards.DeviceKind;
import cnnx.boards.Target;
import java.util.OptionalDouble;

/**
 * CPU and GPU launches: the roofline bound at the target's (measured, on a live device) peak rate and
 * bandwidth, divided by the kernel family's measured efficiency, plus the family's measured cost per byte written
 * and per launch (see {@link FamilyEfficiency}), plus the dispatch gap.
 *
 * @param live whether the device is on this machine
 * @param linkGBps host link bandwidth (for a CPU device: host memory itself)
 */
public record RooflineModel(Target target, FamilyEfficiency efficiency, boolean live, double linkGBps)
    implements DeviceModel {
  /** PCIe 4.0 ×16: 31.5 GB/s per direction (PCI-SIG, PCI Express Base Specification 4.0). */
  public static final double PCIE4_X16_GBPS = 31.5;

  public RooflineModel {
    if (target.kind() == DeviceKind.FPGA) {
      throw new IllegalArgumentException(target.id() + " is an FPGA: use its conv-engine model");
    }
  }

  /** A preset or live target with its usual host link: host memory for CPUs, PCIe 4.0 ×16 for GPUs. */
  public static RooflineModel of(Target target, FamilyEfficiency efficiency, boolean live) {
    double link = target.kind() == DeviceKind.CPU ? Math.max(target.memoryGBps(), 1) : PCIE4_X16_GBPS;
    return new RooflineModel(target, efficiency, live, link);
  }

  @Override
  public String id() {
    return target.id();
  }

  @Override
  public OptionalDouble seconds(LaunchWork launch) {
    return OptionalDouble.of(efficiency.deviceSeconds(launch, Roofline.boundSeconds(launch, target))
        + efficiency.dispatchSeconds());
  }

  @Override
  public double dispatchSeconds() {
    return efficiency.dispatchSeconds();
  }

  @Override
  public double linkBytesPerSecond() {
    return linkGBps * 1e9;
  }

  @Override
  public String method() {
    return String.format("roofline at %.0f GFLOP/s, %.1f GB/s (%s) / family efficiency + family cost per byte"
        + " written and per launch, %s", target.fp32Gflops(),
        target.memoryGBps(), target.origin(), efficiency.source());
  }
}
