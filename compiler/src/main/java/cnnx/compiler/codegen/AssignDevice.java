package cnnx.compiler.codegen;

import cnnx.boards.Target;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ir.ValueInfo;
import cnnx.compiler.ops.fused.FusedOp;
import cnnx.compiler.pass.Pass;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Device assignment: every node goes to the target, which must have a kernel for each op it holds and a
 * compile-time shape for each value. A node the target cannot run makes the model unsupported here
 * (every such op is listed); it never runs elsewhere unless a placement policy the user chose says so.
 */
public final class AssignDevice implements Pass {
  private final Target target;
  private final KernelLibrary library;

  public AssignDevice(Target target, KernelLibrary library) {
    this.target = target;
    this.library = library;
  }

  @Override
  public String name() {
    return "assign-device(" + target.id() + ")";
  }

  @Override
  public Graph apply(Graph graph) {
    check(graph);
    return graph;
  }

  /** Throws {@link UnsupportedModelException} listing what the target cannot run. */
  void check(Graph graph) {
    Map<String, List<String>> missing = new LinkedHashMap<>();
    for (Node n : graph.nodes()) {
      for (Node part : n.opType().equals(FusedOp.OP_TYPE) ? n.nodesAttr("body") : List.of(n)) {
        if (!library.supports(part.opType())) {
          missing.computeIfAbsent(part.opType(), k -> new ArrayList<>()).add(part.name());
        }
      }
    }
    if (!missing.isEmpty()) {
      List<String> problems = new ArrayList<>();
      missing.forEach((op, nodes) -> problems.add(op + " (" + String.join(", ", nodes) + ")"
          + library.refusal(op).map(r -> ": " + r).orElse("")));
      throw new UnsupportedModelException("no OpenCL kernel for: " + String.join("; ", problems)
          + " (target " + target.id() + ")", problems);
    }
    requireDoubles(graph);
    for (ValueInfo in : graph.inputs()) {
      if (!in.type().isStatic()) {
        throw new UnsupportedModelException("input '" + in.name() + "' has shape " + in.type()
            + "; compiling needs every dimension bound (e.g. the batch size)");
      }
    }
    for (Node n : graph.nodes()) {
      for (String o : n.outputs()) {
        if (!o.isEmpty() && !graph.typeOf(o).map(TensorType::isStatic).orElse(false)) {
          throw new UnsupportedModelException(n.describe() + ": output '" + o + "' has shape "
              + graph.typeOf(o).map(Object::toString).orElse("?")
              + ", not known at compile time (a shape computed from run-time data)");
        }
      }
    }
  }

  /**
   * Pow of an integer base with a float exponent computes in double precision, as the reference does; a target
   * whose extensions are known (a device or preset, not the assumed generic CPU) must list cl_khr_fp64.
   */
  private void requireDoubles(Graph graph) {
    if (target.extensions().isEmpty() || target.hasExtension("cl_khr_fp64")) {
      return;
    }
    for (Node n : graph.nodes()) {
      for (Node part : n.opType().equals(FusedOp.OP_TYPE) ? n.nodesAttr("body") : List.of(n)) {
        if (part.opType().equals("Pow") && isFloating(graph, part.input(0)).equals(Optional.of(false))
            && isFloating(graph, part.input(1)).equals(Optional.of(true))) {
          throw new UnsupportedModelException(part.describe() + ": Pow of an integer base with a float exponent"
              + " computes in double precision, and target " + target.id() + " lacks cl_khr_fp64; run the model"
              + " on the reference device (--device reference, or --fallback reference)");
        }
      }
    }
  }

  private static Optional<Boolean> isFloating(Graph graph, String value) {
    return graph.typeOf(value).map(t -> t.dtype().isFloating());
  }
}
