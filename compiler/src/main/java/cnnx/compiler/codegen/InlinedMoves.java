package cnnx.compiler.codegen;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ir.ValueInfo;
import cnnx.compiler.ops.fused.FusedOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Small data movement computed where it is read instead of in launches of its own: a Concat, Transpose or Slice
 * (and the reshapes after it) whose every reader is a Slice or Transpose kernel is evaluated inside those readers,
 * at the coordinates they read. ShuffleNet-V2's channel shuffle and split (Concat, Reshape, Transpose, Reshape,
 * two Slices: four launches) becomes the two Slices' launches. Only readers that read each element once, at
 * coordinates inside the value, take an inlined value, so an inlined producer never reads out of range; a Concat
 * never takes one (its guarded loads would be hoisted above their guards).
 *
 * <p>Limited to values of at most {@link #MAX_ELEMENTS}: a launch costs a CPU device's driver microseconds
 * whatever its size, while the index arithmetic the inlined producers add costs per element and keeps large
 * shuffles off the contiguous block transpose ({@link cnnx.compiler.codegen.tensor.BlockTranspose}).
 */
public final class InlinedMoves {
  /** Largest value inlined; ~5 us of launch overhead against ~1 ns of index arithmetic per element on PoCL. */
  public static final long MAX_ELEMENTS = 8192;

  private static final Set<String> PRODUCERS = Set.of("Concat", "Transpose", "Slice");
  private static final Set<String> READERS = Set.of("Transpose", "Slice");

  private final Graph graph;
  private final KernelLibrary library;
  private final Map<String, List<Node>> readers = new HashMap<>();
  private final Set<String> boundary = new HashSet<>();
  private final Map<String, ChainStep> inlined = new LinkedHashMap<>();

  private InlinedMoves(Graph graph, KernelLibrary library) {
    this.graph = graph;
    this.library = library;
    for (Node n : graph.nodes()) {
      for (String in : new java.util.LinkedHashSet<>(n.inputs())) {
        if (!in.isEmpty()) {
          readers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
        }
      }
    }
    graph.outputs().stream().map(ValueInfo::name).forEach(boundary::add);
    graph.inputs().stream().map(ValueInfo::name).forEach(boundary::add);
  }

  /** The values computed where they are read, each with its producer's step (aliases read as reshapes). */
  public static Map<String, ChainStep> of(Graph graph, KernelLibrary library) {
    InlinedMoves m = new InlinedMoves(graph, library);
    for (Node n : graph.nodes()) {
      if (PRODUCERS.contains(n.opType()) && movable(graph, n)) {
        Map<String, ChainStep> chain = new LinkedHashMap<>();
        if (m.readByRemapsOnly(n.output(0), chain)) {
          chain.put(n.output(0), new ChainStep(n, 0, library.emitter(n.opType()).orElseThrow()));
          m.inlined.putAll(chain);
        }
      }
    }
    return m.inlined;
  }

  /** Whether every path from {@code value} through reshapes ends in a Slice or Transpose reading it as its data. */
  private boolean readByRemapsOnly(String value, Map<String, ChainStep> aliases) {
    List<Node> rs = readers.getOrDefault(value, List.of());
    if (rs.isEmpty() || boundary.contains(value) || graph.isConstant(value)) {
      return false;
    }
    for (Node r : rs) {
      if (r.opType().equals(FusedOp.OP_TYPE) || r.inputs().indexOf(value) != 0
          || r.inputs().lastIndexOf(value) != 0) {
        return false;
      }
      if (library.isAlias(r.opType()) && movable(graph, r)) {
        if (!readByRemapsOnly(r.output(0), aliases)) {
          return false;
        }
        aliases.put(r.output(0), new ChainStep(r, 0, InlinedMoves::reshape));
      } else if (!READERS.contains(r.opType()) || !constantParameters(r)) {
        return false;
      }
    }
    return true;
  }

  /** A single node with one static, small output and constant shape parameters; a Concat not done in place. */
  private static boolean movable(Graph graph, Node n) {
    if (n.outputs().size() != 1 || n.output(0).isEmpty()) {
      return false;
    }
    TensorType t = graph.typeOf(n.output(0)).orElse(null);
    if (t == null || !t.isStatic() || Shapes.size(t.shape()) > MAX_ELEMENTS || Shapes.size(t.shape()) == 0) {
      return false;
    }
    if (n.opType().equals("Concat")) {
      return !ConcatPlacement.inPlace(graph, n);
    }
    for (int i = 1; i < n.inputs().size(); i++) {
      if (n.hasInput(i) && !graph.isConstant(n.input(i))) {
        return false;
      }
    }
    return true;
  }

  private boolean constantParameters(Node n) {
    for (int i = 1; i < n.inputs().size(); i++) {
      if (n.hasInput(i) && !graph.isConstant(n.input(i))) {
        return false;
      }
    }
    return true;
  }

  /** A reshape's element: the input's element at the same row-major index. */
  private static void reshape(ElementContext ctx) {
    ctx.result(ctx.loadFlat(0, ctx.flatIndex()));
  }
}
