package cnnx.host.exec;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Tensor;
import cnnx.kernels.plan.TensorSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Inputs checked against a plan's compiled signature before anything is written to a device: every input
 * given, none extra, each of the compiled element type and exactly the compiled shape (a plan is
 * specialised on its shapes; another shape needs another compile).
 */
public final class PlanInputs {
  private PlanInputs() {}

  public static void check(List<TensorSpec> specs, Map<String, Tensor> inputs) {
    for (TensorSpec spec : specs) {
      Tensor t = inputs.get(spec.name());
      DataType dtype = DataType.fromOnnx(spec.onnxType(), spec.name());
      if (t == null) {
        throw new InvalidModelException("input '" + spec.name() + "' of type " + dtype + Arrays.toString(spec.shape())
            + " was not given");
      }
      if (t.dtype() != dtype) {
        throw new InvalidModelException("input '" + spec.name() + "' must be " + dtype + ", got " + t.dtype());
      }
      if (!Arrays.equals(t.shape(), spec.shape())) {
        throw new InvalidModelException("input '" + spec.name() + "' has shape " + Arrays.toString(t.shape())
            + "; the plan was compiled for " + Arrays.toString(spec.shape()));
      }
    }
    for (String name : inputs.keySet()) {
      if (specs.stream().noneMatch(s -> s.name().equals(name))) {
        throw new InvalidModelException("'" + name + "' is not an input of the model; inputs are "
            + specs.stream().map(TensorSpec::name).toList());
      }
    }
  }
}
