package cnnx.api.verify;

import cnnx.api.Comparison;
import cnnx.api.Tolerance;
import java.util.List;

/**
 * One launch's output compared with the reference.
 *
 * @param isolated the launch run on the reference's own inputs: its own error, judged under {@code tolerance}
 * @param chained the same output in an ordinary run, where earlier launches' rounding reaches it (error growth;
 *     informational), or null when not measured
 */
public record LaunchCheck(int index, String kernel, List<String> onnxNodes, String value, Comparison isolated,
    Comparison chained, Tolerance tolerance) {
  public boolean passed() {
    return isolated.passed();
  }
}
