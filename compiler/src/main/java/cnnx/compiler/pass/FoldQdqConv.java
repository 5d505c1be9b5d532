package cnnx.compiler.pass;

import cnnx.compiler.ir.Attribute;
import cnnx.compiler.ir.DataType;
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
 * A QDQ convolution — DequantizeLinear on the activation, the weights and (optionally) the int32
 * bias, Conv, then QuantizeLinear of its output — becomes one QLinearConv: an integer convolution
 * whose requantization (x_scale · w_scale[c] / y_scale) is its epilogue.
 *
 * <p>Preconditions, each checked: the conv's output has the QuantizeLinear as its only reader and
 * is not a graph output; scales and zero points are constants, per tensor except the weights'
 * (per tensor or per output channel, axis 0); activations and weights are int8 or uint8; weights
 * are constants; a bias is an int32 constant dequantized with zero point 0 and scale x_scale ·
 * w_scale[c] (so the bias adds exactly, as QLinearConv adds it). The folded model sums exactly in
 * integers where the QDQ model rounds float products: results may differ by one quantization step.
 */
public final class FoldQdqConv implements Pass {
  @Override
  public String name() {
    return "fold-qdq-conv";
  }

  private record Match(Node dx, Node dw, Node db, Node conv, Node q, List<String> inputs) {}

  @Override
  public Graph apply(Graph graph) {
    Map<String, Integer> uses = graph.useCounts();
    Set<String> outputs = new HashSet<>();
    graph.outputs().forEach(o -> outputs.add(o.name()));
    Map<String, Node> producers = graph.producers();
    Map<String, Tensor> inits = new LinkedHashMap<>(graph.initializers());
    Map<Node, Node> replace = new LinkedHashMap<>();
    Set<Node> drop = new HashSet<>();
    for (Node q : graph.nodes()) {
      if (!q.opType().equals("QuantizeLinear")) {
        continue;
      }
      Optional<Match> m = match(q, graph, producers, uses, outputs, inits);
      if (m.isEmpty()) {
        continue;
      }
      Match f = m.get();
      List<String> folded = new ArrayList<>(f.q().sourceNodes());
      for (Node dq : new Node[] {f.dx(), f.dw(), f.db()}) {
        if (dq != null && uses.getOrDefault(dq.output(0), 0) == 1) {
          drop.add(dq);
          folded.addAll(dq.sourceNodes());
        }
      }
      Node qconv = Node.of(f.conv().name(), "QLinearConv", f.inputs(), List.of(q.output(0)), convAttributes(f.conv()))
          .withAttribute(new Attribute(Node.FOLDED, Attribute.Kind.STRINGS, folded));
      replace.put(f.conv(), qconv);
      drop.add(q);
    }
    return replace.isEmpty() ? graph : NodeRewrites.apply(graph, replace, drop, inits);
  }

  private static List<Attribute> convAttributes(Node conv) {
    List<Attribute> attrs = new ArrayList<>();
    for (String a : List.of("auto_pad", "dilations", "group", "kernel_shape", "pads", "strides")) {
      if (conv.has(a)) {
        attrs.add(conv.attributes().get(a));
      }
    }
    return attrs;
  }

  private static Optional<Match> match(Node q, Graph g, Map<String, Node> producers, Map<String, Integer> uses,
      Set<String> outputs, Map<String, Tensor> inits) {
    Node conv = producers.get(q.input(0));
    if (conv == null || !conv.opType().equals("Conv") || conv.outputs().size() != 1
        || uses.getOrDefault(conv.output(0), 0) != 1 || outputs.contains(conv.output(0))) {
      return Optional.empty();
    }
    Node dx = dequantize(producers.get(conv.input(0)));
    Node dw = dequantize(producers.get(conv.input(1)));
    Node db = conv.hasInput(2) ? dequantize(producers.get(conv.input(2))) : null;
    if (dx == null || dw == null || (conv.hasInput(2) && db == null)) {
      return Optional.empty();
    }
    Tensor ys = scalar(inits, q, 1, true);
    Tensor yz = scalar(inits, q, 2, false);
    Tensor xs = scalar(inits, dx, 1, true);
    Tensor wq = inits.get(dw.input(0));
    Tensor ws = inits.get(dw.input(1));
    DataType xType = g.typeOf(dx.input(0)).map(TensorType::dtype).orElse(null);
    if (ys == null || yz == null || xs == null || wq == null || ws == null || !eightBit(xType)
        || !eightBit(yz.dtype()) || !eightBit(wq.dtype()) || q.intAttr("block_size", 0) != 0
        || dw.intAttr("block_size", 0) != 0 || dx.intAttr("block_size", 0) != 0) {
      return Optional.empty();
    }
    int channels = wq.dim(0);
    boolean wPerChannel = ws.size() != 1;
    if (wPerChannel && (ws.rank() != 1 || ws.size() != channels || dw.intAttr("axis", 1) != 0)) {
      return Optional.empty();
    }
    Tensor wz = dw.hasInput(2) ? inits.get(dw.input(2)) : null;
    if (dw.hasInput(2) && (wz == null || wz.size() != ws.size())) {
      return Optional.empty();
    }
    Tensor xz = dx.hasInput(2) ? scalar(inits, dx, 2, false) : null;
    if (dx.hasInput(2) && xz == null) {
      return Optional.empty();
    }
    if (db != null && !exactBias(inits, db, xs.floats()[0], ws.floats(), channels)) {
      return Optional.empty();
    }
    List<String> in = new ArrayList<>(List.of(dx.input(0), dx.input(1),
        xz != null ? dx.input(2) : zero(inits, conv.name() + "/x_zero_point", xType, new int[0]),
        dw.input(0), dw.input(1),
        wz != null ? dw.input(2) : zero(inits, conv.name() + "/w_zero_point", wq.dtype(), ws.shape()),
        q.input(1), q.input(2)));
    if (db != null) {
      in.add(db.input(0));
    }
    return Optional.of(new Match(dx, dw, db, conv, q, in));
  }

  private static Node dequantize(Node n) {
    return n != null && n.opType().equals("DequantizeLinear") ? n : null;
  }

  private static boolean eightBit(DataType t) {
    return t == DataType.INT8 || t == DataType.UINT8;
  }

  /** The node's constant input i when it holds one value (a float one when {@code floating}). */
  private static Tensor scalar(Map<String, Tensor> inits, Node n, int i, boolean floating) {
    Tensor t = n.hasInput(i) ? inits.get(n.input(i)) : null;
    return t != null && t.size() == 1 && t.isFloating() == floating && t.dtype() != DataType.DOUBLE ? t : null;
  }

  /** An int32 constant bias, zero point 0, whose scale is x_scale * w_scale[c] (float32 products). */
  private static boolean exactBias(Map<String, Tensor> inits, Node db, float xs, float[] ws, int channels) {
    Tensor b = inits.get(db.input(0));
    Tensor bs = inits.get(db.input(1));
    if (b == null || bs == null || b.dtype() != DataType.INT32 || b.rank() != 1 || b.size() != channels
        || (bs.size() != 1 && (bs.size() != channels || db.intAttr("axis", 1) != 0))) {
      return false;
    }
    if (db.hasInput(2)) {
      Tensor bz = inits.get(db.input(2));
      if (bz == null) {
        return false;
      }
      for (long v : bz.longs()) {
        if (v != 0) {
          return false;
        }
      }
    }
    for (int c = 0; c < channels; c++) {
      float expected = xs * ws[ws.length == 1 ? 0 : c];
      float actual = bs.floats()[bs.size() == 1 ? 0 : c];
      if (Math.abs(actual - expected) > 1e-6f * Math.abs(expected)) {
        return false;
      }
    }
    return true;
  }

  private static String zero(Map<String, Tensor> inits, String hint, DataType t, int[] shape) {
    String name = hint;
    for (int i = 2; inits.containsKey(name); i++) {
      name = hint + "_" + i;
    }
    inits.put(name, Tensor.zeros(t, shape));
    return name;
  }

}
