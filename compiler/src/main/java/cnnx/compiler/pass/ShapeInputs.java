package cnnx.compiler.pass;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.error.ModelException;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.ValueInfo;
import java.util.ArrayList;
import java.util.Arrays;
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

  /** Whether a fed tensor is small integer data that might decide shapes. */
  public static boolean isCandidate(Tensor t) {
    return !t.isFloating() && t.size() <= MAX_ELEMENTS;
  }

  /**
   * The inputs among {@code values} to compile for by value, in name order; empty when binding
   * {@code shapes} (the fed inputs' shapes) alone gives every value a static shape.
   */
  public static Map<String, Tensor> needed(Graph imported, Map<String, int[]> shapes, Map<String, Tensor> values) {
    return needed(BindInputShapes.exact(shapes).apply(imported), values);
  }

  /** As {@link #needed(Graph, Map, Map)} on a graph whose input shapes are bound. */
  static Map<String, Tensor> needed(Graph bound, Map<String, Tensor> values) {
    Map<String, Tensor> candidates = new TreeMap<>();
    for (ValueInfo in : bound.inputs()) {
      Tensor t = values.get(in.name());
      if (t != null && isCandidate(t)) {
        candidates.put(in.name(), t);
      }
    }
    if (candidates.isEmpty() || staticWithShapesAlone(bound)) {
      return Map.of();
    }
    return candidates;
  }

  private static boolean staticWithShapesAlone(Graph bound) {
    try {
      Graph g = new PassManager(PassManager.frontEnd(), false, null).run(bound);
      return g.nodes().stream().flatMap(n -> n.outputs().stream())
          .filter(o -> !o.isEmpty())
          .allMatch(o -> g.typeOf(o).map(t -> t.isStatic()).orElse(false));
    } catch (ModelException e) {
      return false; // e.g. an op that needs a constant operand: the values may make it compile
    }
  }

  /** The compile step that binds the needed ones of {@code values}; runs after the input shapes are bound. */
  public static Pass binding(Map<String, Tensor> values) {
    Map<String, Tensor> copy = Map.copyOf(values);
    return new Pass() {
      @Override
      public String name() {
        return "bind-shape-inputs";
      }

      @Override
      public Graph apply(Graph graph) {
        return bind(graph, needed(graph, copy));
      }
    };
  }

  /**
   * The graph with every reader of the named inputs reading a constant of the fed value instead.
   * The inputs stay declared (and fed), so the executable's inputs are the model's.
   */
  public static Graph bind(Graph graph, Map<String, Tensor> values) {
    if (values.isEmpty()) {
      return graph;
    }
    Map<String, String> renamed = new LinkedHashMap<>();
    Map<String, Tensor> initializers = new LinkedHashMap<>(graph.initializers());
    values.forEach((name, v) -> {
      String constant = name + "::value";
      renamed.put(name, constant);
      initializers.put(constant, v);
    });
    List<Node> nodes = new ArrayList<>();
    for (Node n : graph.nodes()) {
      nodes.add(n.withInputs(n.inputs().stream().map(i -> renamed.getOrDefault(i, i)).toList()));
    }
    return graph.withNodes(nodes).withInitializers(initializers);
  }

  /** Fails unless {@code fed} is the value the model was compiled for. */
  public static void requireSame(String name, Tensor compiledFor, Tensor fed) {
    if (fed == null || fed.dtype() != compiledFor.dtype() || !Arrays.equals(fed.shape(), compiledFor.shape())
        || !Arrays.equals(fed.longs(), compiledFor.longs())) {
      throw new InvalidModelException("input '" + name + "' decides shapes and the model was compiled for its value "
          + Arrays.toString(compiledFor.longs()) + ", got " + (fed == null ? "none" : Arrays.toString(fed.longs()))
          + "; compile for these inputs");
    }
  }
}
