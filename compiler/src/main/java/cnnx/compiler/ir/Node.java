package cnnx.compiler.ir;

import cnnx.compiler.error.InvalidModelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One operation in canonical (latest-opset) form. Inputs and outputs are value names; an empty
 * name marks an omitted optional input. {@code name} is the ONNX node name (or a deterministic
 * one given at import), so every error and every kernel can be traced back to the source node.
 */
public record Node(
    String name,
    String opType,
    List<String> inputs,
    List<String> outputs,
    SortedMap<String, Attribute> attributes) {

  /** Attribute naming ONNX nodes folded into this one (e.g. a BatchNormalization into its Conv). */
  public static final String FOLDED = "cnnx.folded";

  public Node {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    attributes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
  }

  public static Node of(String name, String opType, List<String> inputs, List<String> outputs,
      List<Attribute> attributes) {
    TreeMap<String, Attribute> m = new TreeMap<>();
    for (Attribute a : attributes) {
      m.put(a.name(), a);
    }
    return new Node(name, opType, inputs, outputs, m);
  }

  /** "Conv node 'conv1'", for messages. */
  public String describe() {
    return opType + " node '" + name + "'";
  }

  /** Input i, or "" when absent or omitted. */
  public String input(int i) {
    return i < inputs.size() ? inputs.get(i) : "";
  }

  public boolean hasInput(int i) {
    return !input(i).isEmpty();
  }

  public String output(int i) {
    return outputs.get(i);
  }

  public boolean has(String attr) {
    return attributes.containsKey(attr);
  }

  public Node withInputs(List<String> newInputs) {
    return new Node(name, opType, newInputs, outputs, attributes);
  }

  public Node withOutputs(List<String> newOutputs) {
    return new Node(name, opType, inputs, newOutputs, attributes);
  }

  public Node withAttribute(Attribute a) {
    TreeMap<String, Attribute> m = new TreeMap<>(attributes);
    m.put(a.name(), a);
    return new Node(name, opType, inputs, outputs, m);
  }

  public Node withoutAttribute(String attr) {
    TreeMap<String, Attribute> m = new TreeMap<>(attributes);
    m.remove(attr);
    return new Node(name, opType, inputs, outputs, m);
  }

  public Node withOpType(String newOpType) {
    return new Node(name, newOpType, inputs, outputs, attributes);
  }

  private Attribute attr(String attr, Attribute.Kind kind) {
    Attribute a = attributes.get(attr);
    if (a == null) {
      return null;
    }
    if (a.kind() != kind) {
      throw new InvalidModelException(
          describe() + ": attribute '" + attr + "' must be " + kind + ", is " + a.kind());
    }
    return a;
  }

  public long intAttr(String attr, long defaultValue) {
    Attribute a = attr(attr, Attribute.Kind.INT);
    return a == null ? defaultValue : (Long) a.value();
  }

  public float floatAttr(String attr, float defaultValue) {
    Attribute a = attr(attr, Attribute.Kind.FLOAT);
    return a == null ? defaultValue : (Float) a.value();
  }

  public String stringAttr(String attr, String defaultValue) {
    Attribute a = attr(attr, Attribute.Kind.STRING);
    return a == null ? defaultValue : (String) a.value();
  }

  /** The INTS attribute, or null when absent. */
  public long[] intsAttr(String attr) {
    Attribute a = attr(attr, Attribute.Kind.INTS);
    return a == null ? null : (long[]) a.value();
  }

  /** The FLOATS attribute, or null when absent. */
  public float[] floatsAttr(String attr) {
    Attribute a = attr(attr, Attribute.Kind.FLOATS);
    return a == null ? null : (float[]) a.value();
  }

  /** The TENSOR attribute, or null when absent. */
  public Tensor tensorAttr(String attr) {
    Attribute a = attr(attr, Attribute.Kind.TENSOR);
    return a == null ? null : (Tensor) a.value();
  }

  /** The NODES attribute (a fused body), or null when absent. */
  public List<Node> nodesAttr(String attr) {
    Attribute a = attr(attr, Attribute.Kind.NODES);
    @SuppressWarnings("unchecked")
    List<Node> nodes = a == null ? null : (List<Node>) a.value();
    return nodes;
  }

  /** The GRAPH attribute (a control-flow subgraph), or null when absent. */
  public Graph graphAttr(String attr) {
    Attribute a = attr(attr, Attribute.Kind.GRAPH);
    return a == null ? null : (Graph) a.value();
  }

  /**
   * Values of enclosing graphs that this node's subgraphs read (If's branches, Loop's body): inputs
   * in all but name, for ordering, liveness and pruning. Empty for nodes without subgraphs.
   */
  public java.util.Set<String> implicitInputs() {
    java.util.Set<String> free = new java.util.LinkedHashSet<>();
    for (Attribute a : attributes.values()) {
      if (a.kind() == Attribute.Kind.GRAPH) {
        free.addAll(((Graph) a.value()).freeValues());
      }
    }
    return free;
  }

  /** The ONNX nodes this node stands for: its fused body's names, or its own name. */
  public List<String> sourceNodes() {
    List<String> names = new ArrayList<>();
    List<Node> body = has("body") ? nodesAttr("body") : null;
    if (body == null) {
      names.add(name);
    } else {
      body.forEach(n -> names.addAll(n.sourceNodes()));
    }
    Attribute folded = attributes.get(FOLDED);
    if (folded != null && folded.kind() == Attribute.Kind.STRINGS) {
      @SuppressWarnings("unchecked")
      List<String> more = (List<String>) folded.value();
      names.addAll(more);
    }
    return names;
  }

  /** A failure naming this node. */
  public InvalidModelException invalid(String problem) {
    return new InvalidModelException(describe() + ": " + problem);
  }

  /** Attributes as an ordered map of name to printed value, for text forms. */
  public Map<String, String> attributeText() {
    Map<String, String> m = new TreeMap<>();
    attributes.forEach((k, v) -> m.put(k, v.valueText()));
    return m;
  }

  /** Builder-style helper for passes that add nodes. */
  public static List<String> names(String... names) {
    return new ArrayList<>(List.of(names));
  }
}
