package cnnx.host.device.aparapi;

import cnnx.compiler.ir.TensorType;
import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.ValueInfo;
import cnnx.host.cl.DeviceException;
import cnnx.host.device.Executable;
import cnnx.host.device.RunHooks;
import cnnx.host.device.aparapi.lower.ModelLowering;
import cnnx.host.device.aparapi.lower.Step;
import cnnx.host.device.aparapi.lower.Values;
import cnnx.host.exec.LaunchFault;
import cnnx.host.exec.LaunchProvenance;
import cnnx.host.exec.Provenance;
import cnnx.host.exec.RunResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lowered model on one Aparapi device. Each run allocates its own arrays and launches the steps in order;
 * runs on one device are serialised (its kernel instances hold their arguments). The provenance of a run lists
 * every launch with where Aparapi really ran it.
 */
final class AparapiExecutable implements Executable {
  private final AparapiDevice device;
  private final AparapiArtifact artifact;
  private final KernelSet kernels;
  private volatile Provenance last;
  private volatile boolean closed;

  AparapiExecutable(AparapiDevice device, AparapiArtifact artifact) {
    this.device = device;
    this.artifact = artifact;
    this.kernels = KernelSet.of(device.id());
    List<LaunchProvenance> planned = new ArrayList<>();
    for (Step s : artifact.lowered().steps()) {
      if (!s.kernel().equals("alias")) {
        planned.add(new LaunchProvenance(s.kernel(), "0".repeat(64), "aparapi", s.onnxNodes(), false, "not run yet"));
      }
    }
    this.last = provenance(planned);
  }

  @Override
  public RunResult run(Map<String, Tensor> inputs, RunHooks hooks) {
    if (closed) {
      throw new DeviceException("the model was closed on " + device.id() + "; load it again");
    }
    ModelLowering.Lowered lowered = artifact.lowered();
    Values values = new Values(lowered.constants());
    List<String> names = artifact.graph().inputs().stream().map(ValueInfo::name).toList();
    for (String given : inputs.keySet()) {
      if (!names.contains(given)) {
        throw new InvalidModelException("'" + given + "' is not an input of the model; inputs are " + names);
      }
    }
    for (ValueInfo in : artifact.graph().inputs()) {
      if (artifact.graph().isConstant(in.name())) {
        continue;
      }
      Tensor t = inputs.get(in.name());
      if (t == null) {
        throw new InvalidModelException("missing input '" + in.name() + "'; the model takes "
            + artifact.graph().inputs().stream().map(ValueInfo::name).toList());
      }
      int[] expected = lowered.types().containsKey(in.name()) ? lowered.types().get(in.name()).shape() : null;
      if (expected != null && !Arrays.equals(expected, t.shape())) {
        throw new InvalidModelException("input '" + in.name() + "' has shape " + Arrays.toString(t.shape())
            + " but the model was compiled for " + Arrays.toString(expected));
      }
      if (!t.dtype().isFloating()) {
        throw new InvalidModelException("input '" + in.name() + "' is " + t.dtype() + ", expected a float type");
      }
      values.put(in.name(), t.floats().clone());
    }
    Launches launches = new Launches(device, kernels);
    synchronized (kernels) {
      List<Step> steps = lowered.steps();
      for (int i = 0; i < steps.size(); i++) {
        Step s = steps.get(i);
        if (hooks.isolated() != null) {
          for (String r : s.reads()) {
            Tensor t = hooks.isolated().apply(r);
            if (t != null && t.isFloating()) {
              values.put(r, t.floats().clone());
            }
          }
        }
        s.run(values, launches);
        afterStep(i, s, values, hooks);
      }
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (ValueInfo o : artifact.graph().outputs()) {
      out.put(o.name(), tensor(o.name(), values, lowered));
    }
    Provenance p = provenance(launches.records());
    last = p;
    return new RunResult(out, p);
  }

  /** The fault (tests, verify --inject-fault) shifts the step's outputs; the observer sees them. */
  private void afterStep(int index, Step s, Values values, RunHooks hooks) {
    LaunchFault fault = hooks.fault();
    boolean faulty = fault != null && s.onnxNodes().contains(fault.onnxNode());
    if (faulty) {
      for (String w : s.writes()) {
        float[] a = values.get(w).clone();
        for (int j = 0; j < a.length; j++) {
          a[j] += fault.delta();
        }
        values.put(w, a);
      }
    }
    if (hooks.observer() != null) {
      Map<String, Tensor> written = new LinkedHashMap<>();
      for (String w : s.writes()) {
        if (artifact.lowered().types().containsKey(w)) {
          written.put(w, tensor(w, values, artifact.lowered()));
        }
      }
      hooks.observer().afterStep(index, s.kernel(), s.onnxNodes(), written);
    }
  }

  private static Tensor tensor(String name, Values values, ModelLowering.Lowered lowered) {
    TensorType type = lowered.types().get(name);
    float[] data = values.get(name);
    if (type == null || Shapes.size(type.shape()) != data.length) {
      throw new IllegalStateException("value '" + name + "' has " + data.length + " elements, type " + type);
    }
    return Tensor.ofFloats(type.dtype(), type.shape(), data.clone());
  }

  private Provenance provenance(List<LaunchProvenance> launches) {
    return new Provenance(device.id() + " (" + device.name() + ", " + device.vendor() + ", via Aparapi)",
        device.driver(), launches, false, null);
  }

  @Override
  public Provenance provenance() {
    return last;
  }

  @Override
  public void close() {
    closed = true;
  }
}
