package cnnx.compiler.codegen;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ir.ValueInfo;
import cnnx.compiler.ops.fused.FusedOp;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Concat without a copy: when every input of a channel Concat is a conv block's output that
 * nothing else reads, each conv writes straight into its channel slice of the concatenated buffer
 * and the Concat itself needs no launch (SqueezeNet's fire modules, Inception's branches).
 */
public final class ConcatPlacement {
  /** Where a conv output lives: channels [offset, offset + its own) of {@code concatValue}'s C total. */
  public record Slice(String concatValue, int channelOffset, int totalChannels) {}

  private ConcatPlacement() {}

  /** The slice a conv block writes its output into, when it feeds a Concat done in place. */
  public static Optional<Slice> of(Graph graph, String convOutput) {
    Node reader = soleReader(graph, convOutput);
    if (reader == null || !inPlace(graph, reader)) {
      return Optional.empty();
    }
    int offset = 0;
    for (String in : reader.inputs()) {
      if (in.equals(convOutput)) {
        int total = graph.typeOf(reader.output(0)).orElseThrow().shape()[1];
        return Optional.of(new Slice(reader.output(0), offset, total));
      }
      offset += graph.typeOf(in).orElseThrow().shape()[1];
    }
    return Optional.empty();
  }

  /** Whether this Concat is done by its producers writing into its output (so it needs no launch). */
  public static boolean inPlace(Graph graph, Node concat) {
    if (!concat.opType().equals("Concat") || concat.outputs().size() != 1) {
      return false;
    }
    TensorType out = graph.typeOf(concat.output(0)).orElse(null);
    if (out == null || !out.isStatic() || out.dtype() != DataType.FLOAT || out.rank() < 3 || out.rank() > 5
        || Shapes.normalizeAxis(concat.intAttr("axis", 0), out.rank()) != 1) {
      return false;
    }
    Set<String> outputs = new HashSet<>();
    graph.outputs().stream().map(ValueInfo::name).forEach(outputs::add);
    graph.inputs().stream().map(ValueInfo::name).forEach(outputs::add);
    Map<String, Node> producers = graph.producers();
    Map<String, Integer> uses = graph.useCounts();
    Set<String> seen = new HashSet<>();
    for (String in : concat.inputs()) {
      Node p = producers.get(in);
      if (in.isEmpty() || !seen.add(in) || outputs.contains(in) || graph.isConstant(in) || p == null
          || !isConvBlock(p) || !p.output(0).equals(in) || uses.getOrDefault(in, 0) != 1) {
        return false;
      }
    }
    return true;
  }

  private static boolean isConvBlock(Node n) {
    Node head = n.opType().equals(FusedOp.OP_TYPE) ? n.nodesAttr("body").get(0) : n;
    return head.opType().equals("Conv");
  }

  private static Node soleReader(Graph graph, String value) {
    if (graph.useCounts().getOrDefault(value, 0) != 1) {
      return null;
    }
    for (Node n : graph.nodes()) {
      if (n.inputs().contains(value)) {
        return n;
      }
    }
    return null;
  }
}
