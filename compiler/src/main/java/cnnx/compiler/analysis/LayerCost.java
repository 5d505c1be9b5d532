package cnnx.compiler.analysis;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.TensorType;
import java.util.Optional;

/** Multiply-accumulate counts of the heavy layers, from inferred static shapes. */
public final class LayerCost {
  private LayerCost() {}

  /** MACs of one node, or empty when the op does none or a shape is not static. */
  public static Optional<Long> macs(Graph g, Node n) {
    return switch (n.opType()) {
      case "Conv" -> convMacs(g, n);
      case "ConvTranspose" -> convTransposeMacs(g, n);
      case "Gemm" -> gemmMacs(g, n);
      case "MatMul" -> matMulMacs(g, n);
      default -> Optional.empty();
    };
  }

  private static Optional<int[]> shape(Graph g, String value) {
    return g.typeOf(value).filter(TensorType::isStatic).map(TensorType::shape);
  }

  /** Each output element takes (Cin / group) × kernel volume MACs. */
  private static Optional<Long> convMacs(Graph g, Node n) {
    var y = shape(g, n.output(0));
    var w = shape(g, n.input(1));
    if (y.isEmpty() || w.isEmpty()) {
      return Optional.empty();
    }
    long perOutput = 1;
    for (int i = 1; i < w.get().length; i++) {
      perOutput *= w.get()[i];
    }
    return Optional.of(volume(y.get()) * perOutput);
  }

  /** Each input element scatters into (Cout / group) × kernel volume outputs. */
  private static Optional<Long> convTransposeMacs(Graph g, Node n) {
    var x = shape(g, n.input(0));
    var w = shape(g, n.input(1));
    if (x.isEmpty() || w.isEmpty()) {
      return Optional.empty();
    }
    long perInput = 1;
    for (int i = 1; i < w.get().length; i++) {
      perInput *= w.get()[i];
    }
    return Optional.of(volume(x.get()) * perInput);
  }

  private static Optional<Long> gemmMacs(Graph g, Node n) {
    var a = shape(g, n.input(0));
    var y = shape(g, n.output(0));
    if (a.isEmpty() || y.isEmpty() || a.get().length != 2) {
      return Optional.empty();
    }
    int k = n.intAttr("transA", 0) != 0 ? a.get()[0] : a.get()[1];
    return Optional.of(volume(y.get()) * k);
  }

  private static Optional<Long> matMulMacs(Graph g, Node n) {
    var a = shape(g, n.input(0));
    var y = shape(g, n.output(0));
    if (a.isEmpty() || y.isEmpty() || a.get().length == 0) {
      return Optional.empty();
    }
    return Optional.of(volume(y.get()) * a.get()[a.get().length - 1]);
  }

  private static long volume(int[] s) {
    long v = 1;
    for (int d : s) {
      v *= d;
    }
    return v;
  }
}
