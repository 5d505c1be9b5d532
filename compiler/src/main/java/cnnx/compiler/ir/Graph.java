package cnnx.compiler.ir;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable model graph in canonical form. Nodes are in topological order. {@code types} holds
 * the inferred type of every value known so far (inputs, initializers, node outputs);
 * {@code initializers} are the constants (weights and folded values).
 */
public record Graph(
    String name,
    int opset,
    List<ValueInfo> inputs,
    List<ValueInfo> outputs,
    Map<String, Tensor> initializers,
    List<Node> nodes,
    Map<String, TensorType> types) {

  public Graph {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
    nodes = List.copyOf(nodes);
    types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
  }

  public Graph withNodes(List<Node> newNodes) {
    return new Graph(name, opset, inputs, outputs, initializers, newNodes, types);
  }

  public Graph withInitializers(Map<String, Tensor> newInitializers) {
    return new Graph(name, opset, inputs, outputs, newInitializers, nodes, types);
  }

  public Graph withTypes(Map<String, TensorType> newTypes) {
    return new Graph(name, opset, inputs, outputs, initializers, nodes, newTypes);
  }

  public Graph withInputs(List<ValueInfo> newInputs) {
    return new Graph(name, opset, newInputs, outputs, initializers, nodes, types);
  }

  public Graph withOutputs(List<ValueInfo> newOutputs) {
    return new Graph(name, opset, inputs, newOutputs, initializers, nodes, types);
  }

  public Optional<TensorType> typeOf(String value) {
    TensorType t = types.get(value);
    if (t == null && initializers.containsKey(value)) {
      t = initializers.get(value).type();
    }
    return Optional.ofNullable(t);
  }

  public boolean isConstant(String value) {
    return initializers.containsKey(value);
  }

  /** The node producing each value. */
  public Map<String, Node> producers() {
    Map<String, Node> m = new HashMap<>();
    for (Node n : nodes) {
      for (String o : n.outputs()) {
        if (!o.isEmpty()) {
          m.put(o, n);
        }
      }
    }
    return m;
  }

  /** How many node inputs (subgraph reads included) and graph outputs read each value. */
  public Map<String, Integer> useCounts() {
    Map<String, Integer> m = new HashMap<>();
    for (Node n : nodes) {
      for (String i : n.inputs()) {
        if (!i.isEmpty()) {
          m.merge(i, 1, Integer::sum);
        }
      }
      for (String i : n.implicitInputs()) {
        m.merge(i, 1, Integer::sum);
      }
    }
    for (ValueInfo o : outputs) {
      m.merge(o.name(), 1, Integer::sum);
    }
    return m;
  }

  /** Values this graph reads but does not define: as a subgraph, what it takes from enclosing graphs. */
  public java.util.Set<String> freeValues() {
    java.util.Set<String> defined = new java.util.HashSet<>(initializers.keySet());
    inputs.forEach(i -> defined.add(i.name()));
    nodes.forEach(n -> defined.addAll(n.outputs()));
    java.util.Set<String> free = new java.util.LinkedHashSet<>();
    for (Node n : nodes) {
      for (String i : n.inputs()) {
        if (!i.isEmpty() && !defined.contains(i)) {
          free.add(i);
        }
      }
      for (String i : n.implicitInputs()) {
        if (!defined.contains(i)) {
          free.add(i);
        }
      }
    }
    outputs.forEach(o -> {
      if (!defined.contains(o.name())) {
        free.add(o.name());
      }
    });
    return free;
  }

  public Optional<Node> node(String nodeName) {
    return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst();
  }
}
