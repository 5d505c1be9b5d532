package cnnx.compiler.onnx;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.ValueInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks that every value is defined once and read after definition; orders nodes topologically. */
final class GraphOrder {
  private GraphOrder() {}

  static List<Node> validateAndSort(String source, List<ValueInfo> inputs, Set<String> constants,
      List<Node> nodes, List<ValueInfo> outputs) {
    Map<String, Integer> producer = new HashMap<>();
    Set<String> external = new HashSet<>(constants);
    inputs.forEach(i -> external.add(i.name()));
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      for (String o : n.outputs()) {
        if (o.isEmpty()) {
          continue;
        }
        if (external.contains(o)) {
          throw new InvalidModelException(source + ": " + n.describe() + " writes '" + o
              + "', which is already a graph input or initializer");
        }
        Integer prev = producer.put(o, i);
        if (prev != null) {
          throw new InvalidModelException(source + ": value '" + o + "' is written by both "
              + nodes.get(prev).describe() + " and " + n.describe());
        }
      }
    }
    // Kahn's algorithm, taking ready nodes in file order so the result is deterministic.
    int[] pending = new int[nodes.size()];
    Map<String, List<Integer>> readers = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      // A subgraph's reads of this graph's values order its node like inputs do.
      Set<String> reads = new java.util.LinkedHashSet<>(n.inputs());
      reads.addAll(n.implicitInputs());
      for (String in : reads) {
        if (in.isEmpty() || external.contains(in)) {
          continue;
        }
        if (!producer.containsKey(in)) {
          throw new InvalidModelException(source + ": " + n.describe() + " reads '" + in
              + "', which no node, input or initializer defines");
        }
        pending[i]++;
        readers.computeIfAbsent(in, k -> new ArrayList<>()).add(i);
      }
    }
    java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (pending[i] == 0) {
        ready.add(i);
      }
    }
    List<Node> sorted = new ArrayList<>(nodes.size());
    while (!ready.isEmpty()) {
      int i = ready.poll();
      sorted.add(nodes.get(i));
      for (String o : nodes.get(i).outputs()) {
        for (int r : readers.getOrDefault(o, List.of())) {
          if (--pending[r] == 0) {
            ready.add(r);
          }
        }
      }
    }
    if (sorted.size() != nodes.size()) {
      List<String> stuck = new ArrayList<>();
      for (int i = 0; i < nodes.size() && stuck.size() < 5; i++) {
        if (pending[i] > 0) {
          stuck.add(nodes.get(i).name());
        }
      }
      throw new InvalidModelException(source + ": the graph has a cycle through nodes " + stuck);
    }
    for (ValueInfo o : outputs) {
      if (!external.contains(o.name()) && !producer.containsKey(o.name())) {
        throw new InvalidModelException(source + ": graph output '" + o.name() + "' is never computed");
      }
    }
    return sorted;
  }
}
