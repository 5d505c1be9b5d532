package cnnx.compiler.pass;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/** Stable topological order of rewritten nodes (ties keep the given order). */
final class TopologicalOrder {
  private TopologicalOrder() {}

  static List<Node> sort(List<Node> nodes, Graph graph) {
    Set<String> available = new HashSet<>(graph.initializers().keySet());
    graph.inputs().forEach(i -> available.add(i.name()));
    Map<String, Integer> producer = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      for (String o : nodes.get(i).outputs()) {
        producer.put(o, i);
      }
    }
    int[] pending = new int[nodes.size()];
    Map<Integer, List<Integer>> readers = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      for (String in : new HashSet<>(nodes.get(i).inputs())) {
        Integer p = producer.get(in);
        if (!in.isEmpty() && !available.contains(in) && p != null && p != i) {
          pending[i]++;
          readers.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
        }
      }
    }
    PriorityQueue<Integer> ready = new PriorityQueue<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (pending[i] == 0) {
        ready.add(i);
      }
    }
    List<Node> out = new ArrayList<>();
    while (!ready.isEmpty()) {
      int i = ready.poll();
      out.add(nodes.get(i));
      for (int r : readers.getOrDefault(i, List.of())) {
        if (--pending[r] == 0) {
          ready.add(r);
        }
      }
    }
    if (out.size() != nodes.size()) {
      throw new IllegalStateException("fusion created a cycle");
    }
    return out;
  }
}
