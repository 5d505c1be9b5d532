package cnnx.host.exec;

import cnnx.compiler.error.InvalidModelException;
import cnnx.kernels.plan.ErrorFlag;
import cnnx.kernels.plan.KernelArg;
import cnnx.kernels.plan.Launch;
import cnnx.kernels.plan.Plan;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Turns a raised error flag into the error the reference gives for the same data: an
 * {@link InvalidModelException} (exit 2) naming the ONNX nodes whose kernels can raise it and the
 * problem. The kernels only know that some element failed, not which.
 */
final class DeviceRefusal {
  private DeviceRefusal() {}

  static InvalidModelException of(Plan plan, int flagBuffer, long code) {
    Set<String> nodes = new LinkedHashSet<>();
    for (Launch l : plan.launches()) {
      if (l.args().stream().anyMatch(a -> a instanceof KernelArg.Buffer b && b.bufferId() == flagBuffer)) {
        nodes.addAll(l.onnxNodes());
      }
    }
    return new InvalidModelException("node" + (nodes.size() == 1 ? " " : "s ") + String.join(", ", nodes)
        + ": the input data has " + ErrorFlag.describe(code) + " (found on the device)");
  }
}
