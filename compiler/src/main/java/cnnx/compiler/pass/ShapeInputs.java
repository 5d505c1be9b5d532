package cnnx.compiler.pass;

import cnnx.compiler.error.ModelException;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.ValueInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Small integer inputs fed at run time that determine shapes (Reshape's shape, Slice's
 * starts/ends, axes, split sizes, Resize's sizes, TopK's k): a device compiles for their values,
 * as it compiles for input shapes. Only when the graph needs it: if binding the input shapes
 * alone leaves every value statically shaped, nothing is specialised, so integer data inputs
 * (indices) do not cause one compile per value.
 */
public final class ShapeInputs {
  /** Inputs larger than this are data, never specialised on. */
  public static final int MAX_ELEMENTS = 64;

  private ShapeInputs() {}

  /** The names of the fed inputs to compile for by value (sorted); empty when shapes suffice. */
  public static List<String> needed(Graph imported, Map<String, Tensor> inputs) {
    List<String> candidates = new ArrayList<>();
    for (ValueInfo in : imported.inputs()) {
      Tensor t = inputs.get(in.name());
      if (t != null && !t.isFloating() && t.size() <= MAX_ELEMENTS) {
        candidates.add(in.name());
      }
    }
    if (candidates.isEmpty() || staticWithShapesAlone(imported, inputs)) {
      return List.of();
    }
    return candidates.stream().sorted().toList();
  }

  private static boolean staticWithShapesAlone(Graph imported, Map<String, Tensor> inputs) {
    Map<String, int[]> shapes = new TreeMap<>();
    inputs.forEach((k, v) -> shapes.put(k, v.shape()));
    List<Pass> passes = new ArrayList<>();
    passes.add(BindInputShapes.exact(shapes));
    passes.addAll(PassManager.frontEnd());
    try {
      Graph g = new PassManager(passes, false, null).run(imported);
      return g.nodes().stream().flatMap(n -> n.outputs().stream())
          .filter(o -> !o.isEmpty())
          .allMatch(o -> g.typeOf(o).map(t -> t.isStatic()).orElse(false));
    } catch (ModelException e) {
      return false; // e.g. an op that needs a constant operand: the values may make it compile
    }
  }

  /**
   * The graph with every reader of the named inputs reading a constant of the fed value instead.
   * The inputs stay declared (and fed), so the executable's inputs are the model's.
   */
  public static Graph bind(Graph imported, Map<String, Tensor> values) {
    if (values.isEmpty()) {
      return imported;
    }
    Map<String, String> renamed = new LinkedHashMap<>();
    Map<String, Tensor> initializers = new LinkedHashMap<>(imported.initializers());
    values.forEach((name, v) -> {
      String constant = name + "::value";
      renamed.put(name, constant);
      initializers.put(constant, v);
    });
    List<Node> nodes = new ArrayList<>();
    for (Node n : imported.nodes()) {
      nodes.add(n.withInputs(n.inputs().stream().map(i -> renamed.getOrDefault(i, i)).toList()));
    }
    return imported.withNodes(nodes).withInitializers(initializers);
  }
}
