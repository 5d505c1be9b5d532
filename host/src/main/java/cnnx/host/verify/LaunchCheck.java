package cnnx.host.verify;

import cnnx.compiler.verify.TensorComparison;
import cnnx.compiler.verify.Tolerance;
import java.util.List;

/** One launch compared with the reference: its nodes, the errors of its output, pass or fail. */
public record LaunchCheck(int index, String kernel, List<String> onnxNodes, String value,
    TensorComparison comparison, Tolerance tolerance) {
  public boolean passed() {
    return comparison.passed();
  }
}
