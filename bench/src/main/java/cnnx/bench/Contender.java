package cnnx.bench;

import cnnx.compiler.ir.Tensor;
import cnnx.kernels.plan.PlanTraffic;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One device under test, behind the one method the harness times. Kept small so the way a device
 * runs a model (today host's runners, later the public API) can change without touching the harness.
 */
public interface Contender extends AutoCloseable {
  /** The name in reports, e.g. {@code opencl:0}, {@code reference}, {@code onnxruntime}. */
  String id();

  /** What runs it (device name, driver, threads). */
  String description();

  /** Compiles/loads for these inputs' shapes; not timed as part of a run. */
  void prepare(Map<String, Tensor> inputs);

  /** Runs once the way a user's run does and times it whole (the split stays empty). */
  Timed run(Map<String, Tensor> inputs);

  /**
   * Runs once with the timing split filled (per-launch events, waits between the stages), or returns null where the
   * device cannot say it. Kept apart from {@link #run}: the events and waits cost a small model's run a quarter of
   * its time, which a user's run never pays.
   */
  default Timed profile(Map<String, Tensor> inputs) {
    return null;
  }

  /** The ONNX nodes of each launch, in the order of {@link Timed#launchNanos()}; empty when none. */
  default List<List<String>> launchNodes() {
    return List.of();
  }

  /** The estimated memory traffic of one run of the plan {@link #prepare} loaded, when the device runs a plan. */
  default Optional<PlanTraffic> traffic() {
    return Optional.empty();
  }

  @Override
  void close();

  /**
   * Outputs and times of one run. {@code writeNanos}/{@code readNanos}: host→device and device→host
   * transfers; {@code launchNanos}: device time per launch. Zero or empty where not measurable.
   */
  record Timed(Map<String, Tensor> outputs, long totalNanos, long writeNanos, long kernelNanos,
      long readNanos, long[] launchNanos) {
    static Timed wallOnly(Map<String, Tensor> outputs, long totalNanos) {
      return new Timed(outputs, totalNanos, 0, 0, 0, new long[0]);
    }
  }
}
