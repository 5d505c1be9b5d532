package cnnx.api;

import java.util.List;

/**
 * One launch of a placement, or of a prediction.
 *
 * @param index position in the plan
 * @param kernel kernel name
 * @param onnxNodes the ONNX nodes it computes
 * @param device where it runs
 * @param stage pipeline stage (0 for a latency placement)
 * @param movedBytes bytes moved to its device before it runs
 * @param moveMs time of those moves
 * @param startMs predicted start, from the start of the run
 * @param predictedMs predicted run time
 * @param fallback whether it runs there only because no named device runs it (the caller's fallback policy)
 */
public record PlacedLaunch(int index, String kernel, List<String> onnxNodes, String device, int stage,
    long movedBytes, double moveMs, double startMs, double predictedMs, boolean fallback) {
  public PlacedLaunch {
    onnxNodes = List.copyOf(onnxNodes);
  }
}
