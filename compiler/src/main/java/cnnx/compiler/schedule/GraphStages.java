package cnnx.compiler.schedule;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.ValueInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cuts a shaped graph (after the front end: every type static) into consecutive stages of its topologically
 * ordered nodes, each a graph of its own: its inputs are the values it reads that earlier stages or the caller
 * make, its outputs the values later stages or the caller read. Each stage compiles and runs on its own device;
 * the values between stages are what moves.
 */
public final class GraphStages {
  private GraphStages() {}

  /** One stage: its graph, and which of its outputs are the whole graph's outputs. */
  public record Stage(Graph graph, List<String> inputs, List<String> outputs) {}

  /**
   * @param cuts node indices where a new stage starts, increasing, each in (0, nodes)
   */
  public static List<Stage> split(Graph g, List<Integer> cuts) {
    List<Integer> bounds = new ArrayList<>();
    bounds.add(0);
    for (int c : cuts) {
      if (c <= bounds.get(bounds.size() - 1) || c >= g.nodes().size()) {
        throw new IllegalArgumentException("bad stage cut " + c + " for " + g.nodes().size() + " nodes: " + cuts);
      }
      bounds.add(c);
    }
    bounds.add(g.nodes().size());
    Set<String> graphOutputs = new LinkedHashSet<>();
    g.outputs().forEach(o -> graphOutputs.add(o.name()));
    List<Stage> stages = new ArrayList<>();
    for (int s = 0; s + 1 < bounds.size(); s++) {
      List<Node> nodes = g.nodes().subList(bounds.get(s), bounds.get(s + 1));
      Set<String> later = new HashSet<>(graphOutputs);
      for (Node n : g.nodes().subList(bounds.get(s + 1), g.nodes().size())) {
        later.addAll(reads(n));
      }
      stages.add(stage(g, s, nodes, later));
    }
    return stages;
  }

  /**
   * The node index after which to cut so that launches {@code [0, launch)} fall before the cut. Load-time
   * launches (no work per run, first in the plan wherever their nodes are) do not move the cut: their nodes stay
   * where the graph has them, and the stage holding them computes them when it is loaded.
   */
  public static int cutAfterLaunches(Graph g, List<LaunchWork> launches, int launch) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < g.nodes().size(); i++) {
      index.put(g.nodes().get(i).name(), i);
    }
    int cut = 0;
    for (int i = 0; i < launch; i++) {
      if (launches.get(i).bytes() == 0 && launches.get(i).macs() == 0) {
        continue;
      }
      for (String n : launches.get(i).onnxNodes()) {
        Integer at = index.get(n);
        if (at != null) {
          cut = Math.max(cut, at + 1);
        }
      }
    }
    return cut;
  }

  private static Stage stage(Graph g, int s, List<Node> nodes, Set<String> readLater) {
    Set<String> made = new HashSet<>();
    Set<String> inputs = new LinkedHashSet<>();
    Map<String, Tensor> weights = new LinkedHashMap<>();
    for (Node n : nodes) {
      for (String v : reads(n)) {
        if (v.isEmpty() || made.contains(v)) {
          continue;
        }
        if (g.initializers().containsKey(v)) {
          weights.put(v, g.initializers().get(v));
        } else {
          inputs.add(v);
        }
      }
      made.addAll(n.outputs());
    }
    List<String> outputs = new ArrayList<>();
    for (Node n : nodes) {
      for (String v : n.outputs()) {
        if (readLater.contains(v)) {
          outputs.add(v);
        }
      }
    }
    Graph sub = new Graph(g.name() + "/stage" + s, g.opset(), infos(g, inputs), infos(g, outputs), weights, nodes,
        g.types());
    return new Stage(sub, List.copyOf(inputs), outputs);
  }

  private static List<String> reads(Node n) {
    return n.inputs();
  }

  private static List<ValueInfo> infos(Graph g, java.util.Collection<String> names) {
    List<ValueInfo> out = new ArrayList<>();
    for (String v : names) {
      out.add(new ValueInfo(v, g.typeOf(v).orElseThrow(() -> new IllegalArgumentException(
          "value '" + v + "' has no type: stages are cut after shape inference"))));
    }
    return out;
  }
}
