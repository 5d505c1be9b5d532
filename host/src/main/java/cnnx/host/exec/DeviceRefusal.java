package cnnx.host.exec;

import cnnx.compiler.error.CnnxException;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.host.cl.DeviceException;
import cnnx.kernels.plan.ErrorFlag;
import java.util.List;
import java.util.Map;

/**
 * Turns a raised error flag into the reference's own typed error: the kernels only know that some
 * element failed, the reference knows which and why, so the same inputs are run there and its
 * exception is the answer. A flag the reference does not confirm is a device fault.
 */
final class DeviceRefusal {
  private DeviceRefusal() {}

  static RuntimeException explain(Graph graph, Map<String, Tensor> inputs, long code, List<String> flaggingNodes) {
    try {
      new ReferenceInterpreter().run(graph, inputs);
    } catch (CnnxException e) {
      return e;
    }
    return new DeviceException("a kernel of " + flaggingNodes + " reported " + ErrorFlag.describe(code)
        + " that the reference does not see");
  }
}
