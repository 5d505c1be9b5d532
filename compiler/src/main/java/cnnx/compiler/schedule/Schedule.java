package cnnx.compiler.schedule;

import java.util.List;
import java.util.Map;

/**
 * A placement of every launch on a device, with predicted times. Times are seconds from the start of one run.
 *
 * @param objective what it minimises
 * @param steps one per launch, in plan order
 * @param outputTransferSeconds moving the outputs back to the host after the last launch that makes them
 * @param totalSeconds predicted time of one run (latency), from inputs on the host to outputs on the host
 * @param periodSeconds for a pipeline, the slowest stage: one result per period over a stream; else the total
 * @param methods how each device's times are predicted, by device id
 */
public record Schedule(Objective objective, List<Step> steps, double outputTransferSeconds, double totalSeconds,
    double periodSeconds, Map<String, String> methods) {
  public Schedule {
    steps = List.copyOf(steps);
    methods = Map.copyOf(methods);
  }

  /** What placement minimises. */
  public enum Objective {
    /** One run's time: HEFT list scheduling. */
    LATENCY,
    /** A stream's rate: contiguous pipeline stages of balanced time. */
    THROUGHPUT
  }

  /**
   * One launch where it runs.
   *
   * @param launch the launch's work
   * @param device the device it runs on
   * @param stage its pipeline stage (0 for a latency placement)
   * @param transferBytes bytes it needs moved to its device first
   * @param transferSeconds the time of those moves
   * @param startSeconds when it starts
   * @param execSeconds its predicted run time
   * @param fallback whether it runs there only because the devices asked for cannot run it (explicit policy)
   */
  public record Step(LaunchWork launch, String device, int stage, long transferBytes, double transferSeconds,
      double startSeconds, double execSeconds, boolean fallback) {
    public double finishSeconds() {
      return startSeconds + execSeconds;
    }
  }

  public double execSeconds() {
    return steps.stream().mapToDouble(Step::execSeconds).sum();
  }

  public double transferSeconds() {
    return steps.stream().mapToDouble(Step::transferSeconds).sum() + outputTransferSeconds;
  }

  /** Contiguous runs of launches on one device, in order: the segments a multi-device run executes. */
  public List<Segment> segments() {
    List<Segment> out = new java.util.ArrayList<>();
    int from = 0;
    for (int i = 1; i <= steps.size(); i++) {
      if (i == steps.size() || !steps.get(i).device().equals(steps.get(from).device())
          || steps.get(i).stage() != steps.get(from).stage()) {
        out.add(new Segment(steps.get(from).device(), from, i));
        from = i;
      }
    }
    return out;
  }

  /** Launches {@code [from, to)} on one device. */
  public record Segment(String device, int from, int to) {}
}
