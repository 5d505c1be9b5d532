package cnnx.compiler.pass;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ir.ValueInfo;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates at compile time every node whose inputs are all constants, and every Shape of a
 * statically shaped value, so that exporters' shape subgraphs (Shape → Gather → Unsqueeze →
 * Concat → Reshape) collapse into constant inputs. Needs types: run after {@link InferShapes}.
 */
public final class FoldConstants implements Pass {
  /** Larger results stay computed at run time, so folding never bloats the model. */
  private static final int MAX_FOLDED_ELEMENTS = 1 << 22;

  private static final java.util.Set<OpCategory> FOLDABLE = java.util.EnumSet.of(OpCategory.ELEMENTWISE,
      OpCategory.BROADCAST, OpCategory.INJECTIVE, OpCategory.SHAPE, OpCategory.REDUCE);

  private final OpRegistry registry;

  public FoldConstants() {
    this(OpRegistry.standard());
  }

  public FoldConstants(OpRegistry registry) {
    this.registry = registry;
  }

  @Override
  public String name() {
    return "fold-constants";
  }

  @Override
  public Graph apply(Graph graph) {
    Map<String, Tensor> constants = new LinkedHashMap<>(graph.initializers());
    Set<String> graphOutputs = new HashSet<>();
    graph.outputs().forEach(o -> graphOutputs.add(o.name()));
    List<Node> kept = new ArrayList<>();
    for (Node node : graph.nodes()) {
      List<Tensor> folded = tryFold(node, constants, graph.types());
      if (folded == null) {
        kept.add(node);
        continue;
      }
      for (int i = 0; i < node.outputs().size(); i++) {
        if (!node.output(i).isEmpty()) {
          constants.put(node.output(i), folded.get(i));
        }
      }
    }
    // A folded graph output stays available as a constant.
    return graph.withNodes(kept).withInitializers(pruneUnused(constants, kept, graph.outputs()));
  }

  private List<Tensor> tryFold(Node node, Map<String, Tensor> constants, Map<String, TensorType> types) {
    if (node.opType().equals("Shape")) {
      TensorType t = types.get(node.input(0));
      if (t != null && t.isStatic() && !constants.containsKey(node.input(0))) {
        long[] dims = Arrays.stream(t.shape()).asLongStream().toArray();
        Tensor full = Tensor.vector(dims);
        return shapeSlice(node, dims, full);
      }
    }
    if (node.opType().equals("Size")) {
      TensorType t = types.get(node.input(0));
      if (t != null && t.isStatic() && !constants.containsKey(node.input(0))) {
        return List.of(Tensor.scalarLong(product(t.shape())));
      }
    }
    List<Tensor> in = new ArrayList<>();
    for (String name : node.inputs()) {
      if (name.isEmpty()) {
        in.add(null);
        continue;
      }
      Tensor t = constants.get(name);
      if (t == null) {
        return null;
      }
      in.add(t);
    }
    for (String o : node.outputs()) {
      TensorType t = types.get(o);
      if (t == null || !t.isStatic() || product(t.shape()) > MAX_FOLDED_ELEMENTS) {
        return null;
      }
    }
    // Only ops whose cost is linear in their inputs and outputs fold: contractions, windows and
    // opaque ops (Resize, LRN, ...) can cost far more per output than a compile step should spend
    // on constants no real model computes (a constant Conv with huge pads was a fuzzing finding).
    if (!FOLDABLE.contains(registry.find(node.opType()).orElseThrow().category())) {
      return null;
    }
    return registry.find(node.opType()).orElseThrow().evaluate(node, in);
  }

  /** Shape's start/end attributes select a slice of the dims. */
  private static List<Tensor> shapeSlice(Node node, long[] dims, Tensor full) {
    int rank = dims.length;
    long start = node.intAttr("start", 0);
    long end = node.intAttr("end", rank);
    start = Math.max(0, Math.min(rank, start < 0 ? start + rank : start));
    end = Math.max(0, Math.min(rank, end < 0 ? end + rank : end));
    if (start == 0 && end == rank) {
      return List.of(full);
    }
    return List.of(Tensor.vector(Arrays.copyOfRange(dims, (int) start, (int) Math.max(start, end))));
  }

  private static long product(int[] shape) {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  private static Map<String, Tensor> pruneUnused(Map<String, Tensor> constants, List<Node> nodes,
      List<ValueInfo> outputs) {
    Set<String> used = new HashSet<>();
    nodes.forEach(n -> {
      used.addAll(n.inputs());
      used.addAll(n.implicitInputs());
    });
    outputs.forEach(o -> used.add(o.name()));
    Map<String, Tensor> kept = new LinkedHashMap<>();
    constants.forEach((k, v) -> {
      if (used.contains(k)) {
        kept.put(k, v);
      }
    });
    return kept;
  }
}
