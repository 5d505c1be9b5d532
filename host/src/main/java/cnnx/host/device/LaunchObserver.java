package cnnx.host.device;

import cnnx.compiler.ir.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Sees each step's outputs right after it ran: a launch on a plan-running device, a node on the reference.
 * Used by layer-by-layer verification.
 */
@FunctionalInterface
public interface LaunchObserver {
  /**
   * @param index the step's position in execution order
   * @param kernel the kernel (or op) that ran
   * @param onnxNodes the ONNX nodes it computes
   * @param written the values it wrote, by graph value name
   */
  void afterStep(int index, String kernel, List<String> onnxNodes, Map<String, Tensor> written);
}
