package cnnx.boards;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What the compiler knows about the device it compiles for. Every code-generation decision that depends
 * on the device (work-group shapes, vector widths, channel blocking, pool fusion) reads a target, and a
 * saved plan records the target's {@link #fingerprint()} so that it is never run on another.
 *
 * @param id how users name it: a preset id ({@code nvidia/h100-sxm}) or a live device ({@code opencl:0})
 * @param kind CPU, GPU or FPGA
 * @param vendor the vendor's name
 * @param name the product or device name
 * @param computeUnits streaming multiprocessors, compute units or cores
 * @param simdWidth the preferred float vector width (lanes of one SIMD instruction; 1 on scalar-SIMT GPUs)
 * @param subgroupSize threads that run in lock-step (warp 32, wavefront 64; 1 on CPUs)
 * @param localMemBytes local (shared) memory per work-group
 * @param preferredWorkGroupSize the work-group size kernels should aim for
 * @param maxWorkGroupSize the largest work-group size the device accepts
 * @param fp32Gflops peak fp32 rate (FMA counted as 2 flops)
 * @param fp16Gflops peak fp16 rate, 0 when the device has no fp16 arithmetic
 * @param int8Gops peak int8 rate, 0 when none
 * @param memoryGBps global-memory bandwidth
 * @param globalMemBytes global-memory size
 * @param openClVersion e.g. "OpenCL 3.0"
 * @param extensions OpenCL extensions it offers
 * @param dialect the kernel dialect it takes
 * @param origin where the figures came from: "preset" or "live: DRIVER (calibrated ...)"
 */
public record Target(
    String id,
    DeviceKind kind,
    String vendor,
    String name,
    int computeUnits,
    int simdWidth,
    int subgroupSize,
    long localMemBytes,
    int preferredWorkGroupSize,
    long maxWorkGroupSize,
    double fp32Gflops,
    double fp16Gflops,
    double int8Gops,
    double memoryGBps,
    long globalMemBytes,
    String openClVersion,
    List<String> extensions,
    KernelDialect dialect,
    String origin) {

  public Target {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(openClVersion, "openClVersion");
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(origin, "origin");
    extensions = List.copyOf(extensions);
    if (computeUnits < 1 || simdWidth < 1 || subgroupSize < 1 || preferredWorkGroupSize < 1
        || maxWorkGroupSize < preferredWorkGroupSize) {
      throw new IllegalArgumentException("target " + id + ": inconsistent parallelism figures");
    }
  }

  /** Whether the figures describe a device found here (its driver's behaviour can be relied on), not a preset. */
  public boolean isLive() {
    return origin.startsWith("live");
  }

  public boolean hasExtension(String extension) {
    return extensions.contains(extension);
  }

  /** Bytes per flop at which the roofline turns from memory-bound to compute-bound. */
  public double ridgeFlopsPerByte() {
    return memoryGBps <= 0 ? Double.POSITIVE_INFINITY : fp32Gflops / memoryGBps;
  }

  /** The same target with measured peak rate and bandwidth (calibration of a live device). */
  public Target calibrated(double gflops, double gbps, String how) {
    return new Target(id, kind, vendor, name, computeUnits, simdWidth, subgroupSize, localMemBytes,
        preferredWorkGroupSize, maxWorkGroupSize, gflops, fp16Gflops, int8Gops, gbps, globalMemBytes,
        openClVersion, extensions, dialect, origin + ", " + how);
  }

  /**
   * A hash of everything that shapes generated code (not the measured rates, which only inform
   * placement): two targets with the same fingerprint take the same plans.
   */
  public String fingerprint() {
    String text = String.join("\u0000", kind.name(), vendor, name, Integer.toString(computeUnits),
        Integer.toString(simdWidth), Integer.toString(subgroupSize), Long.toString(localMemBytes),
        Integer.toString(preferredWorkGroupSize), Long.toString(maxWorkGroupSize), openClVersion,
        String.join(" ", extensions), dialect.name());
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One line: "nvidia/h100-sxm: NVIDIA H100 SXM5 (GPU, 132 CUs, 66900 GFLOP/s fp32, 3350 GB/s)". */
  public String summary() {
    return String.format("%s: %s %s (%s, %d CUs, %.0f GFLOP/s fp32, %.0f GB/s, %s)", id, vendor, name, kind,
        computeUnits, fp32Gflops, memoryGBps, origin);
  }
}
