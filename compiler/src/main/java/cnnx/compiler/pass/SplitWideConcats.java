package cnnx.compiler.pass;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a Concat of more than {@link #MAX_INPUTS} inputs into a tree of Concats of at most that
 * many (Concat along one axis is associative). A kernel then never takes thousands of buffer
 * parameters nor a chain of thousands of branches, so code generation and the device's program
 * build stay linear in the fan-in; the tree's equal-shaped parts share one program.
 */
public final class SplitWideConcats implements Pass {
  static final int MAX_INPUTS = 32;

  @Override
  public String name() {
    return "split-wide-concats";
  }

  @Override
  public Graph apply(Graph graph) {
    boolean any = graph.nodes().stream().anyMatch(SplitWideConcats::isWide);
    if (!any) {
      return graph;
    }
    List<Node> nodes = new ArrayList<>(graph.nodes().size());
    for (Node n : graph.nodes()) {
      if (!isWide(n)) {
        nodes.add(n);
        continue;
      }
      List<String> level = n.inputs();
      int round = 0;
      while (level.size() > MAX_INPUTS) {
        List<String> next = new ArrayList<>();
        for (int from = 0; from < level.size(); from += MAX_INPUTS) {
          List<String> part = level.subList(from, Math.min(level.size(), from + MAX_INPUTS));
          if (part.size() == 1) {
            next.add(part.get(0));
            continue;
          }
          String partName = n.name() + "/part" + round + "_" + (from / MAX_INPUTS);
          String value = partName + ":out";
          nodes.add(new Node(partName, n.opType(), part, List.of(value), n.attributes()));
          next.add(value);
        }
        level = next;
        round++;
      }
      nodes.add(new Node(n.name(), n.opType(), level, n.outputs(), n.attributes()));
    }
    return new InferShapes().apply(graph.withNodes(nodes));
  }

  private static boolean isWide(Node n) {
    return n.opType().equals("Concat") && n.inputs().size() > MAX_INPUTS;
  }
}
