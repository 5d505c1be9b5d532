package cnnx.api.verify;

import cnnx.api.CompileOptions;
import cnnx.api.CompiledModel;
import cnnx.api.Comparison;
import cnnx.api.Model;
import cnnx.api.ProgressListener;
import cnnx.api.Result;
import cnnx.api.Session;
import cnnx.api.Tensor;
import cnnx.api.Tolerance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a device against the reference interpreter, launch by launch. Each launch runs on the device with the
 * reference's own values as its inputs, so its output shows its own error, judged under its ops' tolerance; a
 * separate ordinary run shows how error grows through the network, and its outputs are judged end to end. When
 * anything fails, the model is compiled again without fusion and re-checked in isolation: the first failing
 * launch names the ONNX node where the device diverges.
 */
public final class LayerVerifier {
  /** A deliberate error for showing that verification catches a broken kernel, or none. */
  public record Fault(String onnxNode, float delta) {}

  private final Model model;
  private final String device;
  private final ProgressListener progress;
  private final long memoryLimit;

  public LayerVerifier(Model model, String device) {
    this(model, device, null);
  }

  /** Also tells {@code progress} (when not null) of kernel builds and of the launches checked one by one. */
  public LayerVerifier(Model model, String device, ProgressListener progress) {
    this(model, device, progress, 0);
  }

  private LayerVerifier(Model model, String device, ProgressListener progress, long memoryLimit) {
    this.model = model;
    this.device = device;
    this.progress = progress;
    this.memoryLimit = memoryLimit;
  }

  /** Refuses runs (the reference's and the device's) over {@code bytes}; see {@link CompileOptions#withMemoryLimit}. */
  public LayerVerifier withMemoryLimit(long bytes) {
    CompileOptions.forDevice(device).withMemoryLimit(bytes); // checks the value
    return new LayerVerifier(model, device, progress, bytes);
  }

  private CompileOptions options(String on) {
    CompileOptions o = CompileOptions.forDevice(on);
    return memoryLimit == 0 ? o : o.withMemoryLimit(memoryLimit);
  }

  public VerificationReport verify(Map<String, Tensor> inputs) {
    return verify(inputs, null);
  }

  public VerificationReport verify(Map<String, Tensor> inputs, Fault fault) {
    Map<String, Tensor> reference = new HashMap<>(inputs);
    Result expected;
    try (Session s = model.compile(options("reference").withInputsLike(inputs)).newSession()) {
      expected = s.run(inputs, (i, kernel, nodes, written) -> reference.putAll(written));
    }
    Checked fused = check(inputs, reference, true, fault);
    List<OutputCheck> outputs = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : expected.outputs().entrySet()) {
      outputs.add(new OutputCheck(e.getKey(), Tolerance.MODEL.compare(e.getValue(),
          fused.outputs().get(e.getKey()))));
    }
    boolean passed = fused.rows().stream().allMatch(LaunchCheck::passed)
        && outputs.stream().allMatch(OutputCheck::passed);
    if (passed) {
      return new VerificationReport(fused.device(), fused.rows(), outputs, List.of(), Optional.empty());
    }
    Checked unfused = check(inputs, reference, false, fault);
    Optional<String> first = unfused.rows().stream().filter(c -> !c.passed()).findFirst()
        .map(c -> c.onnxNodes().isEmpty() ? "?" : c.onnxNodes().get(0) + " ("
            + model.opTypeOf(c.onnxNodes().get(0)).orElse("?") + ")");
    return new VerificationReport(fused.device(), fused.rows(), outputs, unfused.rows(), first);
  }

  private record Checked(String device, List<LaunchCheck> rows, Map<String, Tensor> outputs) {}

  private Checked check(Map<String, Tensor> inputs, Map<String, Tensor> reference, boolean fuse, Fault fault) {
    List<LaunchCheck> rows = new ArrayList<>();
    Map<Integer, Map<String, Comparison>> chained = new HashMap<>();
    Result whole;
    String label;
    CompileOptions options = options(device).withInputsLike(inputs).withFuse(fuse);
    CompiledModel compiled = model.compile(options);
    int launches = compiled.launchCount();
    try (Session s = compiled.newSession(progress)) {
      label = s.deviceLabel();
      Result isolated = fault == null
          ? s.runIsolated(inputs, reference, (i, kernel, nodes, written) -> compare(rows, i, kernel, nodes, written, reference, launches))
          : s.runWithFault(inputs, (i, kernel, nodes, written) -> compare(rows, i, kernel, nodes, written, reference, launches),
              fault.onnxNode(), fault.delta(), reference);
      assert isolated != null;
      var observer = (cnnx.api.StepObserver) (i, kernel, nodes, written) -> {
        Map<String, Comparison> m = new LinkedHashMap<>();
        written.forEach((value, t) -> {
          Tensor exp = reference.get(value);
          if (exp != null) {
            m.put(value, Tolerance.MODEL.compare(exp, t));
          }
        });
        chained.put(i, m);
      };
      whole = fault == null ? s.run(inputs, observer)
          : s.runWithFault(inputs, observer, fault.onnxNode(), fault.delta(), null);
    }
    List<LaunchCheck> withGrowth = new ArrayList<>();
    for (LaunchCheck r : rows) {
      Comparison c = chained.getOrDefault(r.index(), Map.of()).get(r.value());
      withGrowth.add(new LaunchCheck(r.index(), r.kernel(), r.onnxNodes(), r.value(), r.isolated(), c, r.tolerance()));
    }
    return new Checked(label, withGrowth, whole.outputs());
  }

  private void compare(List<LaunchCheck> rows, int index, String kernel, List<String> nodes, Map<String, Tensor> written,
      Map<String, Tensor> reference, int launches) {
    if (progress != null) {
      progress.progress("checking launches", Math.min(index + 1, launches), launches);
    }
    Tolerance tol = model.toleranceFor(nodes);
    for (Map.Entry<String, Tensor> w : written.entrySet()) {
      Tensor expected = reference.get(w.getKey());
      if (expected != null) { // scratch buffers have no reference value
        rows.add(new LaunchCheck(index, kernel, nodes, w.getKey(), tol.compare(expected, w.getValue()), null, tol));
      }
    }
  }
}
