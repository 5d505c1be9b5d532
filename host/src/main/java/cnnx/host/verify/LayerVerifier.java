package cnnx.host.verify;

import cnnx.compiler.Compiler;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.verify.TensorComparison;
import cnnx.compiler.verify.Tolerance;
import cnnx.host.cl.ClContext;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.exec.LaunchFault;
import cnnx.host.exec.OpenClExecutable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs a model's plan on a device and the reference interpreter side by side and compares every
 * launch's output. When a launch fails, the model is compiled again without fusion and re-checked
 * launch by launch: the first failing one names the ONNX node where the device diverges.
 */
public final class LayerVerifier {
  private final ClContext context;
  private final KernelBinaryCache cache;

  public LayerVerifier(ClContext context, KernelBinaryCache cache) {
    this.context = context;
    this.cache = cache;
  }

  public VerificationReport verify(Graph imported, Map<String, Tensor> inputs, LaunchFault fault) {
    Map<String, Tensor> reference = new HashMap<>(inputs);
    new ReferenceInterpreter().run(imported, inputs, (node, in, out) -> {
      for (int i = 0; i < node.outputs().size() && i < out.size(); i++) {
        if (!node.output(i).isEmpty()) {
          reference.put(node.output(i), out.get(i));
        }
      }
    });
    Map<String, String> opOf = new HashMap<>();
    imported.nodes().forEach(n -> opOf.put(n.name(), n.opType()));
    List<LaunchCheck> fused = check(imported, inputs, reference, opOf, true, fault);
    if (fused.stream().allMatch(LaunchCheck::passed)) {
      return new VerificationReport(context.device().summary(), fused, List.of(), Optional.empty());
    }
    List<LaunchCheck> unfused = check(imported, inputs, reference, opOf, false, fault);
    Optional<String> first = unfused.stream().filter(c -> !c.passed()).findFirst()
        .map(c -> c.onnxNodes().isEmpty() ? "?" : c.onnxNodes().get(0) + " (" + opOf.getOrDefault(c.onnxNodes().get(0), "?") + ")");
    return new VerificationReport(context.device().summary(), fused, unfused, first);
  }

  private List<LaunchCheck> check(Graph imported, Map<String, Tensor> inputs, Map<String, Tensor> reference,
      Map<String, String> opOf, boolean fuse, LaunchFault fault) {
    Map<String, int[]> shapes = new TreeMap<>();
    inputs.forEach((k, v) -> shapes.put(k, v.shape()));
    Compiler.Compiled c = new Compiler().compile(imported,
        Compiler.Options.defaults().withFuse(fuse).withInputShapes(shapes));
    List<LaunchCheck> rows = new ArrayList<>();
    // A value several launches write in parts (a Concat done in place) is checked after its last part.
    Map<String, Integer> lastWriter = new HashMap<>();
    for (int i = 0; i < c.plan().launches().size(); i++) {
      for (int id : c.plan().launches().get(i).outputs()) {
        lastWriter.put(c.plan().buffers().get(id).value(), i);
      }
    }
    try (OpenClExecutable e = OpenClExecutable.load(context, c.graph(), c.plan(), cache)) {
      e.run(inputs, (index, launch, written) -> {
        List<String> ops = launch.onnxNodes().stream().map(n -> opOf.getOrDefault(n, "?")).toList();
        Tolerance tol = TolerancePolicy.forOps(ops);
        for (Map.Entry<String, Tensor> w : written.entrySet()) {
          Tensor expected = reference.get(w.getKey());
          if (expected == null || lastWriter.get(w.getKey()) != index) {
            continue; // scratch buffers have no reference value; partial writes are checked when whole
          }
          rows.add(new LaunchCheck(index, launch.kernelName(), launch.onnxNodes(), w.getKey(),
              TensorComparison.compare(expected, w.getValue(), tol), tol));
        }
      }, fault);
    }
    return rows;
  }

}
