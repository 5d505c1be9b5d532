package cnnx.compiler.schedule;

import cnnx.boards.Target;

/**
 * The roofline bound of a launch on a CPU or GPU: the larger of its flops at the target's peak rate and its
 * bytes at the target's bandwidth, plus a fixed launch cost.
 */
public final class Roofline {
  /** Enqueue-to-start cost of one kernel launch on an OpenCL runtime, until measured (tens of microseconds). */
  public static final double LAUNCH_SECONDS = 15e-6;

  private Roofline() {}

  /** The bound in seconds, launch cost excluded. */
  public static double boundSeconds(LaunchWork w, Target t) {
    double compute = t.fp32Gflops() <= 0 ? 0 : w.flops() / (t.fp32Gflops() * 1e9);
    double memory = t.memoryGBps() <= 0 ? 0 : w.bytes() / (t.memoryGBps() * 1e9);
    return Math.max(compute, memory);
  }
}
