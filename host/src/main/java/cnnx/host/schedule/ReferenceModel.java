package cnnx.host.schedule;

import cnnx.boards.DeviceKind;
import cnnx.boards.KernelDialect;
import cnnx.boards.Target;
import cnnx.compiler.schedule.DeviceModel;
import cnnx.compiler.schedule.LaunchWork;
import cnnx.compiler.schedule.Roofline;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A device that runs the graph on the JVM (the reference interpreter): a roofline at plain-Java-loop rates. It
 * runs every op, so it is the usual fallback for launches no accelerator takes.
 */
public record ReferenceModel(String id) implements DeviceModel {
  /** A plain Java convolution loop reaches about 2 GFLOP/s on one core (measured on the development machine). */
  static final double GFLOPS = 2;
  /** Plain Java array traffic: a few GB/s. */
  static final double GBPS = 5;

  @Override
  public Target target() {
    return new Target(id, DeviceKind.CPU, "JVM", "reference interpreter", 1, 1, 1, 1, 1, 1, GFLOPS, 0, 0, GBPS, 0,
        "none", List.of(), KernelDialect.OPENCL_C, "plain-Java estimate");
  }

  @Override
  public boolean live() {
    return true;
  }

  @Override
  public OptionalDouble seconds(LaunchWork launch) {
    return OptionalDouble.of(Roofline.boundSeconds(launch, target()));
  }

  @Override
  public double linkBytesPerSecond() {
    return GBPS * 1e9;
  }

  @Override
  public double transferLatencySeconds() {
    return 0; // it works in host memory
  }

  @Override
  public String method() {
    return "JVM reference interpreter: roofline at " + GFLOPS + " GFLOP/s, " + GBPS + " GB/s";
  }
}
