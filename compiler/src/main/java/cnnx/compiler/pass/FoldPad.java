package cnnx.compiler.pass;

import cnnx.compiler.ir.Attribute;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A zero Pad of the spatial axes before a Conv or an AveragePool becomes that node's own padding: one launch and one
 * copy of the padded tensor fewer. Exporters write explicit Pads for asymmetric "same" padding (TensorFlow's
 * converters) and for average pools that count the padding.
 *
 * <p>Preconditions, each checked: the Pad is constant mode with value +0 (a Conv's padding is +0; -0 is a different
 * value), its pads are constants, non-negative and zero on the batch and channel axes, and its output has the
 * window node as its only reader and is not a graph output. The window node's {@code auto_pad} is NOTSET. An
 * AveragePool keeps {@code ceil_mode} 0 (with ceil_mode, which windows exist depends on where the input ends) and
 * either counts its padding already or has none (it then counts it: the Pad's zeros were elements it counted).
 * Max pools keep their Pads: their padding is -inf. The folded node names the Pad among its sources, so a mismatch
 * is traced to both.
 */
public final class FoldPad implements Pass {
  @Override
  public String name() {
    return "fold-pad";
  }

  @Override
  public Graph apply(Graph graph) {
    Map<String, Integer> uses = graph.useCounts();
    Set<String> outputs = new HashSet<>();
    graph.outputs().forEach(o -> outputs.add(o.name()));
    Map<String, Node> producers = graph.producers();
    Map<Node, Node> replace = new LinkedHashMap<>();
    Set<Node> drop = new HashSet<>();
    for (Node window : graph.nodes()) {
      if (!window.opType().equals("Conv") && !window.opType().equals("AveragePool")) {
        continue;
      }
      Node pad = producers.get(window.input(0));
      if (pad == null || !pad.opType().equals("Pad") || pad.outputs().size() != 1
          || uses.getOrDefault(pad.output(0), 0) != 1 || outputs.contains(pad.output(0))) {
        continue;
      }
      Optional<long[]> spatial = spatialPads(graph, pad);
      if (spatial.isEmpty()) {
        continue;
      }
      Optional<Node> folded = fold(window, pad, spatial.get());
      if (folded.isPresent()) {
        replace.put(window, folded.get());
        drop.add(pad);
      }
    }
    return replace.isEmpty() ? graph
        : NodeRewrites.apply(graph, replace, drop, new LinkedHashMap<>(graph.initializers()));
  }

  /**
   * The Pad's begins then ends of the spatial axes (ONNX's pads layout), when it is a constant +0 pad of those axes
   * only, by non-negative amounts; else empty.
   */
  private static Optional<long[]> spatialPads(Graph graph, Node pad) {
    if (!pad.stringAttr("mode", "constant").equals("constant")) {
      return Optional.empty();
    }
    Optional<TensorType> in = graph.typeOf(pad.input(0));
    Tensor pads = pad.hasInput(1) ? graph.initializers().get(pad.input(1)) : null;
    if (in.isEmpty() || pads == null || pads.isFloating()) {
      return Optional.empty();
    }
    if (pad.hasInput(2)) {
      Tensor value = graph.initializers().get(pad.input(2));
      if (value == null || value.size() != 1 || !value.isFloating()
          || Float.floatToRawIntBits(value.floats()[0]) != 0) {
        return Optional.empty();
      }
    }
    int rank = in.get().shape().length;
    if (rank < 3) {
      return Optional.empty();
    }
    int[] axes = new int[pads.size() / 2];
    if (pad.hasInput(3)) {
      Tensor a = graph.initializers().get(pad.input(3));
      if (a == null || a.isFloating() || a.size() != axes.length) {
        return Optional.empty();
      }
      for (int i = 0; i < axes.length; i++) {
        long v = a.longs()[i];
        if (v < -rank || v >= rank) {
          return Optional.empty();
        }
        axes[i] = (int) (v < 0 ? v + rank : v);
      }
    } else if (axes.length == rank) {
      for (int i = 0; i < rank; i++) {
        axes[i] = i;
      }
    } else {
      return Optional.empty();
    }
    long[] begin = new long[rank];
    long[] end = new long[rank];
    for (int i = 0; i < axes.length; i++) {
      begin[axes[i]] += pads.longs()[i];
      end[axes[i]] += pads.longs()[i + axes.length];
    }
    int spatial = rank - 2;
    long[] out = new long[2 * spatial];
    for (int k = 0; k < rank; k++) {
      if (begin[k] < 0 || end[k] < 0 || (k < 2 && (begin[k] != 0 || end[k] != 0))) {
        return Optional.empty();
      }
      if (k >= 2) {
        out[k - 2] = begin[k];
        out[k - 2 + spatial] = end[k];
      }
    }
    return Optional.of(out);
  }

  /** The window node reading the Pad's input with the Pad's amounts added to its own, when that is exact. */
  private static Optional<Node> fold(Node window, Node pad, long[] extra) {
    if (!window.stringAttr("auto_pad", "NOTSET").equals("NOTSET")) {
      return Optional.empty();
    }
    long[] own = window.has("pads") ? window.intsAttr("pads") : new long[extra.length];
    if (own.length != extra.length) {
      return Optional.empty();
    }
    Node n = window;
    if (window.opType().equals("AveragePool")) {
      boolean ownPads = java.util.Arrays.stream(own).anyMatch(p -> p != 0);
      if (window.intAttr("ceil_mode", 0) != 0 || (ownPads && window.intAttr("count_include_pad", 0) == 0)) {
        return Optional.empty();
      }
      n = n.withAttribute(Attribute.ofInt("count_include_pad", 1));
    }
    long[] sum = new long[own.length];
    for (int i = 0; i < own.length; i++) {
      sum[i] = own[i] + extra[i];
    }
    List<String> inputs = new ArrayList<>(window.inputs());
    inputs.set(0, pad.input(0));
    List<String> folded = new ArrayList<>(window.sourceNodes().subList(1, window.sourceNodes().size()));
    folded.addAll(pad.sourceNodes());
    return Optional.of(n.withInputs(inputs).withAttribute(Attribute.ofInts("pads", sum))
        .withAttribute(new Attribute(Node.FOLDED, Attribute.Kind.STRINGS, folded)));
  }
}
