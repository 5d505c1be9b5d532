package cnnx.api;

import java.util.List;
import java.util.Map;

/** Sees each step of a run: a launch on a plan-running device, a node on the reference. */
@FunctionalInterface
public interface StepObserver {
  void afterStep(int index, String kernel, List<String> onnxNodes, Map<String, Tensor> written);
}
