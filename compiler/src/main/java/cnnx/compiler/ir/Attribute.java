package cnnx.compiler.ir;

import java.util.Arrays;
import java.util.List;

/**
 * One node attribute. Values: INT → Long, FLOAT → Float, STRING → String, TENSOR → Tensor,
 * INTS → long[], FLOATS → float[], STRINGS → List&lt;String&gt;, GRAPH → Graph (If's branches, Loop's
 * body). Arrays are copied in and out.
 */
public record Attribute(String name, Kind kind, Object value) {
  /** Attribute kinds cnnx understands. */
  public enum Kind {
    INT,
    FLOAT,
    STRING,
    TENSOR,
    INTS,
    FLOATS,
    STRINGS,
    /** cnnx-internal: the body of a fused node, in execution order. */
    NODES,
    /** A subgraph (control flow), which may read values of the enclosing graphs. */
    GRAPH
  }

  public Attribute {
    value =
        switch (kind) {
          case INT -> (Long) value;
          case FLOAT -> (Float) value;
          case STRING -> (String) value;
          case TENSOR -> (Tensor) value;
          case INTS -> ((long[]) value).clone();
          case FLOATS -> ((float[]) value).clone();
          case STRINGS -> List.copyOf(castStrings(value));
          case NODES -> List.copyOf(castNodes(value));
          case GRAPH -> (Graph) value;
        };
  }

  @SuppressWarnings("unchecked")
  private static List<Node> castNodes(Object v) {
    return (List<Node>) v;
  }

  public static Attribute ofNodes(String name, List<Node> nodes) {
    return new Attribute(name, Kind.NODES, nodes);
  }

  @SuppressWarnings("unchecked")
  private static List<String> castStrings(Object v) {
    return (List<String>) v;
  }

  public static Attribute ofGraph(String name, Graph g) {
    return new Attribute(name, Kind.GRAPH, g);
  }

  public static Attribute ofInt(String name, long v) {
    return new Attribute(name, Kind.INT, v);
  }

  public static Attribute ofFloat(String name, float v) {
    return new Attribute(name, Kind.FLOAT, v);
  }

  public static Attribute ofString(String name, String v) {
    return new Attribute(name, Kind.STRING, v);
  }

  public static Attribute ofInts(String name, long... v) {
    return new Attribute(name, Kind.INTS, v);
  }

  public static Attribute ofFloats(String name, float... v) {
    return new Attribute(name, Kind.FLOATS, v);
  }

  public static Attribute ofTensor(String name, Tensor v) {
    return new Attribute(name, Kind.TENSOR, v);
  }

  @Override
  public Object value() {
    return switch (kind) {
      case INTS -> ((long[]) value).clone();
      case FLOATS -> ((float[]) value).clone();
      default -> value;
    };
  }

  /** The value as the IR text printer writes it. */
  public String valueText() {
    return switch (kind) {
      case INTS -> Arrays.toString((long[]) value);
      case FLOATS -> Arrays.toString((float[]) value);
      case STRING -> '"' + (String) value + '"';
      case TENSOR -> value.toString();
      case NODES -> castNodes(value).stream().map(n -> n.opType() + "(" + n.name() + ")").toList().toString();
      case GRAPH -> "graph(" + ((Graph) value).nodes().stream().map(n -> n.opType() + "(" + n.name() + ")").toList()
          + " -> " + ((Graph) value).outputs().stream().map(ValueInfo::name).toList() + ")";
      default -> String.valueOf(value);
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Attribute a
        && a.name.equals(name)
        && a.kind == kind
        && switch (kind) {
          case INTS -> Arrays.equals((long[]) a.value, (long[]) value);
          case FLOATS -> Arrays.equals((float[]) a.value, (float[]) value);
          default -> a.value.equals(value);
        };
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + kind.hashCode();
  }
}
