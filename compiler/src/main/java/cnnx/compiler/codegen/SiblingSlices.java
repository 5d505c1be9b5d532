package cnnx.compiler.codegen;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Slices of one value that one launch computes together: a channel split written as two Slices (ShuffleNet-V2's
 * units, exported before Split took their place) reads one tensor twice, in two launches that each cost a CPU
 * driver microseconds. A later Slice (alone or heading a fused chain of element ops) joins the first when it reads
 * the same value, its chain's output has the same shape and type, that output is not computed where it is read,
 * and everything the chain reads is written before the first one's launch: computed there, it reads nothing not
 * yet written.
 */
final class SiblingSlices {
  private SiblingSlices() {}

  /**
   * The nodes after {@code first} in graph order (none lowered yet) whose Slices its launch also computes: each is
   * a Slice, or a fused chain of element ops headed by one ({@code body} gives a node's body, {@code elementOp}
   * whether an op has an element emitter).
   */
  static List<Node> of(Graph graph, Node first, Map<String, ChainStep> inlined, Set<Node> lowered,
      Function<Node, List<Node>> body, Predicate<String> elementOp) {
    List<Node> firstBody = body.apply(first);
    if (!isSliceChain(firstBody, elementOp) || inlined.containsKey(first.output(0))) {
      return List.of();
    }
    Optional<TensorType> type = graph.typeOf(first.output(0));
    if (type.isEmpty()) {
      return List.of();
    }
    String source = firstBody.get(0).input(0);
    List<Node> nodes = graph.nodes();
    int at = 0;
    while (at < nodes.size() && nodes.get(at) != first) {
      at++;
    }
    List<Node> candidates = new ArrayList<>();
    for (int i = at + 1; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      List<Node> b = body.apply(n);
      if (!lowered.contains(n) && isSliceChain(b, elementOp) && b.get(0).input(0).equals(source)
          && !inlined.containsKey(n.output(0)) && sameType(graph, n.output(0), type.get())) {
        candidates.add(n);
      }
    }
    if (candidates.isEmpty()) {
      return List.of();
    }
    Set<String> written = new HashSet<>();
    graph.inputs().forEach(v -> written.add(v.name()));
    written.addAll(graph.initializers().keySet());
    nodes.subList(0, at).forEach(n -> written.addAll(n.outputs()));
    return candidates.stream().filter(n -> readsOnly(body.apply(n), written, inlined)).toList();
  }

  /** Whether every value the chain reads from outside itself is written already (or computed from such values). */
  private static boolean readsOnly(List<Node> chain, Set<String> written, Map<String, ChainStep> inlined) {
    Set<String> own = new HashSet<>();
    for (Node n : chain) {
      for (String in : n.inputs()) {
        if (!in.isEmpty() && !own.contains(in) && !available(in, written, inlined)) {
          return false;
        }
      }
      own.addAll(n.outputs());
    }
    return true;
  }

  private static boolean available(String value, Set<String> written, Map<String, ChainStep> inlined) {
    if (written.contains(value)) {
      return true;
    }
    ChainStep producer = inlined.get(value);
    return producer != null && producer.node().inputs().stream()
        .allMatch(in -> in.isEmpty() || available(in, written, inlined));
  }

  /** A Slice with one output, alone or followed by element ops only. */
  private static boolean isSliceChain(List<Node> body, Predicate<String> elementOp) {
    Node head = body.get(0);
    if (!head.opType().equals("Slice") || head.outputs().size() != 1 || head.output(0).isEmpty()) {
      return false;
    }
    return body.stream().skip(1).allMatch(n -> n.outputs().size() == 1 && elementOp.test(n.opType()));
  }

  private static boolean sameType(Graph graph, String value, TensorType type) {
    return graph.typeOf(value).map(t -> t.dtype() == type.dtype() && Arrays.equals(t.shape(), type.shape()))
        .orElse(false);
  }
}
