package cnnx.compiler.ir;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Deterministic text form of a graph, one line per input, constant, node and output:
 * <pre>
 *   %y: float[1x8x4x4] = Conv[group=1, pads=[1, 1, 1, 1]](%x, %w, _)  # conv1
 * </pre>
 * Omitted optional inputs print as {@code _}; small constants print their values.
 */
public final class GraphPrinter {
  private static final int INLINE_VALUES = 8;

  private GraphPrinter() {}

  public static String print(Graph g) {
    StringBuilder sb = new StringBuilder();
    sb.append("graph ").append(g.name()).append(" (opset ").append(g.opset()).append(")\n");
    for (ValueInfo in : g.inputs()) {
      sb.append("  input  %").append(in.name()).append(": ").append(in.type()).append('\n');
    }
    for (Map.Entry<String, Tensor> c : g.initializers().entrySet()) {
      sb.append("  const  %").append(c.getKey()).append(": ").append(c.getValue().type());
      if (c.getValue().size() <= INLINE_VALUES) {
        sb.append(" = ").append(values(c.getValue()));
      }
      sb.append('\n');
    }
    for (Node n : g.nodes()) {
      sb.append("  ").append(outputs(n, g)).append(" = ").append(n.opType());
      Map<String, String> attrs = n.attributeText();
      if (!attrs.isEmpty()) {
        sb.append(attrs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", ", "[", "]")));
      }
      sb.append(n.inputs().stream().map(i -> i.isEmpty() ? "_" : "%" + i)
          .collect(Collectors.joining(", ", "(", ")")));
      sb.append("  # ").append(n.name()).append('\n');
    }
    for (ValueInfo o : g.outputs()) {
      sb.append("  output %").append(o.name()).append(": ")
          .append(g.typeOf(o.name()).map(TensorType::toString).orElse(o.type().toString())).append('\n');
    }
    return sb.toString();
  }

  private static String outputs(Node n, Graph g) {
    List<String> outs = n.outputs().stream()
        .map(o -> o.isEmpty() ? "_" : "%" + o + g.typeOf(o).map(t -> ": " + t).orElse(""))
        .toList();
    return String.join(", ", outs);
  }

  private static String values(Tensor t) {
    return t.isFloating() ? Arrays.toString(t.floats()) : Arrays.toString(t.longs());
  }
}
