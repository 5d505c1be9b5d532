package cnnx.compiler.pass;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.error.ModelException;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.ValueInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Small inputs fed at run time that determine shapes (Reshape's shape, Slice's starts/ends, axes,
 * split sizes, Resize's sizes and scales, Range's bounds, TopK's k) or that a kernel is built from
 * (Resize's roi): a device compiles for their values, as it compiles for input shapes. Only the
 * ones the graph needs: if binding the input shapes alone leaves every value statically shaped,
 * nothing is specialised; otherwise only the inputs without which some shape would stay unknown
 * are, so data inputs (indices, small images) do not cause one compile per value.
 */
public final class ShapeInputs {
  /** Inputs larger than this are data, never specialised on. */
  public static final int MAX_ELEMENTS = 64;

  /** Operands that kernels are generated from, by op type and input position, beside those that decide shapes. */
  private static final Map<String, Set<Integer>> KERNEL_OPERANDS = Map.of("Resize", Set.of(1));

  private ShapeInputs() {}

  /** Whether a fed tensor is small enough that it might decide shapes. */
  public static boolean isCandidate(Tensor t) {
    return t.size() <= MAX_ELEMENTS;
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
    if (candidates.isEmpty()) {
      return Map.of();
    }
    Set<String> kernelOperands = kernelOperands(bound);
    if (isStatic(bound)) {
      Map<String, Tensor> operands = new TreeMap<>(candidates);
      operands.keySet().retainAll(kernelOperands);
      return operands;
    }
    Map<String, Tensor> kept = new TreeMap<>(candidates);
    if (!isStatic(bind(bound, kept))) {
      return kept; // e.g. an op that needs a constant operand: the values may make it compile
    }
    for (String name : candidates.keySet()) {
      if (kernelOperands.contains(name)) {
        continue;
      }
      Map<String, Tensor> without = new TreeMap<>(kept);
      without.remove(name);
      if (isStatic(bind(bound, without))) {
        kept = without;
      }
    }
    return kept;
  }

  /** Graph inputs read directly at a position listed in {@link #KERNEL_OPERANDS}. */
  private static Set<String> kernelOperands(Graph g) {
    Set<String> inputs = new HashSet<>();
    g.inputs().forEach(v -> inputs.add(v.name()));
    Set<String> out = new HashSet<>();
    for (Node n : g.nodes()) {
      for (int i : KERNEL_OPERANDS.getOrDefault(n.opType(), Set.of())) {
        if (n.hasInput(i) && inputs.contains(n.input(i))) {
          out.add(n.input(i));
        }
      }
    }
    return out;
  }

  private static boolean isStatic(Graph bound) {
    try {
      Graph g = new PassManager(PassManager.frontEnd(), false, null).run(bound);
      return g.nodes().stream().flatMap(n -> n.outputs().stream())
          .filter(o -> !o.isEmpty())
          .allMatch(o -> g.typeOf(o).map(t -> t.isStatic()).orElse(false));
    } catch (ModelException e) {
      return false;
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
        || !sameValues(fed, compiledFor)) {
      throw new InvalidModelException("input '" + name + "' decides shapes and the model was compiled for its value "
          + values(compiledFor) + ", got " + (fed == null ? "none" : values(fed)) + "; compile for these inputs");
    }
  }

  private static boolean sameValues(Tensor a, Tensor b) {
    return a.isFloating() ? Arrays.equals(a.floats(), b.floats()) : Arrays.equals(a.longs(), b.longs());
  }

  private static String values(Tensor t) {
    return t.isFloating() ? Arrays.toString(t.floats()) : Arrays.toString(t.longs());
  }
}
