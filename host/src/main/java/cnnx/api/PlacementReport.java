package cnnx.api;

import java.util.List;

/**
 * Where each launch of a model runs over several devices and how long it is predicted to take
 * ({@link Model#place}).
 *
 * @param objective "latency" or "throughput"
 * @param launches every launch, in plan order
 * @param totalMs predicted time of one run, inputs from and outputs back to the host
 * @param periodMs for a pipeline, the slowest stage (a stream yields one result per period); else the total
 * @param text the placement as {@code cnnx plan} prints it
 * @param explained the same with each launch's work and each device's model
 */
public record PlacementReport(String objective, List<PlacedLaunch> launches, double totalMs, double periodMs,
    String text, String explained) {
  public PlacementReport {
    launches = List.copyOf(launches);
  }
}
