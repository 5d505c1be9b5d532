package cnnx.compiler.codegen;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ir.ValueInfo;
import cnnx.compiler.ops.fused.FusedOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Concat without a copy. A channel Concat is done in place when each input after the first is a conv block's
 * output that nothing else reads: each such conv writes straight into its channel slice of the concatenated buffer
 * (SqueezeNet's fire modules, Inception's branches). Its first input is either such a conv output too, or, at batch
 * 1, any other kernel's output, which then lives as the first channels of the concatenated buffer: channels
 * [0, c) of a batch-1 NCHW tensor are its first c·H·W elements, so the value's writer and its readers use that
 * buffer as if it were the value's own. When that first input is itself the output of such a Concat, the chain
 * shares one buffer: DenseNet's dense blocks (each layer concatenates everything before it with its own new
 * channels) copy nothing, where each Concat used to copy the whole block so far.
 */
public final class ConcatPlacement {
  /** Where a conv output lives: channels [offset, offset + its own) of {@code concatValue}'s C total. */
  public record Slice(String concatValue, int channelOffset, int totalChannels) {
    /** "; writes channels a..b of Concat output X (no copy)" for a launch note, its {@code channels} from the offset. */
    public String note(int channels) {
      return "; writes channels " + channelOffset + ".." + (channelOffset + channels) + " of Concat output "
          + concatValue + " (no copy)";
    }
  }

  private static final Object LOCK = new Object();
  /** The last graph asked about, held weakly (its weights must not outlive its compile), and its placements. */
  private static java.lang.ref.WeakReference<Graph> lastGraph = new java.lang.ref.WeakReference<>(null);
  private static Analysis lastAnalysis;

  private ConcatPlacement() {}

  /** The slice a conv block writes its output into, when it feeds a Concat done in place. */
  public static Optional<Slice> of(Graph graph, String convOutput) {
    return Optional.ofNullable(analysis(graph).slices.get(convOutput));
  }

  /**
   * The buffer a value lives in when it is the first channels of a Concat done in place (a batch-1 prefix, see the
   * class comment): the chain's last Concat output. Empty for every other value.
   */
  public static Optional<String> prefixOf(Graph graph, String value) {
    return Optional.ofNullable(analysis(graph).prefixes.get(value));
  }

  /** Whether this Concat is done by its producers writing into its output (so it needs no launch). */
  public static boolean inPlace(Graph graph, Node concat) {
    return concat.opType().equals("Concat") && concat.outputs().size() == 1
        && analysis(graph).inPlace.contains(concat.output(0));
  }

  /** One graph's placements, computed once: lowerings ask per conv, the code generator per buffer. */
  private static Analysis analysis(Graph graph) {
    synchronized (LOCK) {
      if (lastGraph.get() != graph) {
        lastAnalysis = new Analysis(graph);
        lastGraph = new java.lang.ref.WeakReference<>(graph);
      }
      return lastAnalysis;
    }
  }

  /** Only names once built: it outlives the graph's compile in the cache above. */
  private static final class Analysis {
    private Graph graph;
    private Map<String, Node> producers;
    private Map<String, Integer> uses;
    private Set<String> boundary = new HashSet<>();
    /** Concat first inputs → the Concats that read them so. */
    private Map<String, List<Node>> firstOf = new HashMap<>();
    /** Outputs of the Concats done in place. */
    final Set<String> inPlace = new HashSet<>();
    /** Conv outputs written into a slice of a Concat's buffer. */
    final Map<String, Slice> slices = new HashMap<>();
    /** Values living as the first channels of a chain's buffer → that buffer's value. */
    final Map<String, String> prefixes = new HashMap<>();

    Analysis(Graph graph) {
      this.graph = graph;
      this.producers = graph.producers();
      this.uses = graph.useCounts();
      graph.outputs().stream().map(ValueInfo::name).forEach(boundary::add);
      graph.inputs().stream().map(ValueInfo::name).forEach(boundary::add);
      List<Node> concats = new ArrayList<>();
      for (Node n : graph.nodes()) {
        if (n.opType().equals("Concat") && !n.inputs().isEmpty()) {
          concats.add(n);
          firstOf.computeIfAbsent(n.input(0), k -> new ArrayList<>()).add(n);
        }
      }
      Map<String, Node> prefixSuccessor = new HashMap<>();
      for (Node c : concats) {
        if (!placeable(c)) {
          continue;
        }
        String first = c.input(0);
        if (!isInPlaceInput(first)) {
          if (!(batchOne(c.output(0)) && canBePrefix(first))) {
            continue;
          }
          prefixSuccessor.put(first, c);
        }
        inPlace.add(c.output(0));
      }
      // a chain lives in its last Concat's buffer
      for (String v : prefixSuccessor.keySet()) {
        String base = v;
        for (Node next = prefixSuccessor.get(base); next != null; next = prefixSuccessor.get(base)) {
          base = next.output(0);
        }
        prefixes.put(v, base);
      }
      for (Node c : concats) {
        if (!inPlace.contains(c.output(0))) {
          continue;
        }
        String base = prefixes.getOrDefault(c.output(0), c.output(0));
        int total = graph.typeOf(base).orElseThrow().shape()[1];
        int offset = 0;
        for (String in : c.inputs()) {
          if (isInPlaceInput(in)) {
            slices.put(in, new Slice(base, offset, total));
          }
          offset += graph.typeOf(in).orElseThrow().shape()[1];
        }
      }
      this.graph = null;
      this.producers = null;
      this.uses = null;
      this.boundary = null;
      this.firstOf = null;
    }

    /** A static float channel Concat of distinct inputs whose inputs after the first are single-use conv outputs. */
    private boolean placeable(Node c) {
      if (c.outputs().size() != 1) {
        return false;
      }
      TensorType out = graph.typeOf(c.output(0)).orElse(null);
      if (out == null || !out.isStatic() || out.dtype() != DataType.FLOAT || out.rank() < 3 || out.rank() > 5
          || Shapes.normalizeAxis(c.intAttr("axis", 0), out.rank()) != 1) {
        return false;
      }
      Set<String> seen = new HashSet<>();
      for (String in : c.inputs()) {
        if (in.isEmpty() || !seen.add(in)) {
          return false;
        }
      }
      for (String in : c.inputs().subList(1, c.inputs().size())) {
        if (!isInPlaceInput(in)) {
          return false;
        }
      }
      return true;
    }

    private boolean batchOne(String value) {
      return graph.typeOf(value).map(t -> t.isStatic() && t.rank() >= 3 && t.shape()[0] == 1).orElse(false);
    }

    /** A conv block's output that only the Concat reads, and not a graph input or output or a constant. */
    private boolean isInPlaceInput(String value) {
      Node p = producers.get(value);
      return p != null && !boundary.contains(value) && !graph.isConstant(value) && isConvBlock(p)
          && p.output(0).equals(value) && uses.getOrDefault(value, 0) == 1;
    }

    /**
     * A value that can live as the first channels of another buffer: written by a kernel of its own (not an alias
     * of another value's buffer, not computed from constants alone at load time), not a graph input or output, at
     * batch 1, and the first input of one Concat only.
     */
    private boolean canBePrefix(String value) {
      Node p = producers.get(value);
      if (p == null || boundary.contains(value) || graph.isConstant(value) || !batchOne(value)
          || KernelLibrary.standard().isAlias(p.opType()) || firstOf.getOrDefault(value, List.of()).size() != 1) {
        return false;
      }
      for (String in : p.inputs()) {
        if (!in.isEmpty() && !graph.isConstant(in)) {
          return true;
        }
      }
      return false;
    }
  }

  private static boolean isConvBlock(Node n) {
    Node head = n.opType().equals(FusedOp.OP_TYPE) ? n.nodesAttr("body").get(0) : n;
    return head.opType().equals("Conv");
  }
}
