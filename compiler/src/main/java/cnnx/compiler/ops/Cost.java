package cnnx.compiler.ops;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.TensorType;
import java.util.List;
import java.util.Optional;

/**
 * What one node costs, from static shapes: multiply-accumulates, and bytes read from and written to
 * memory if each input and output crosses it once (the figure fusion and a roofline model reason about).
 */
public record Cost(long macs, long bytesRead, long bytesWritten) {
  public Cost {
    if (macs < 0 || bytesRead < 0 || bytesWritten < 0) {
      throw new IllegalArgumentException("negative cost");
    }
  }

  /** No MACs; the node's present inputs and outputs moved once. Empty unless all have static types. */
  public static Optional<Cost> movingValues(Graph g, Node n) {
    Optional<Long> read = bytes(g, n.inputs());
    Optional<Long> written = bytes(g, n.outputs());
    if (read.isEmpty() || written.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Cost(0, read.get(), written.get()));
  }

  /** The moved bytes plus the given MACs, when both are known. */
  public static Optional<Cost> withMacs(Graph g, Node n, Optional<Long> macs) {
    return macs.flatMap(m -> movingValues(g, n).map(c -> new Cost(m, c.bytesRead, c.bytesWritten)));
  }

  /** The static shape of a value, or empty. */
  public static Optional<int[]> shape(Graph g, String value) {
    return g.typeOf(value).filter(TensorType::isStatic).map(TensorType::shape);
  }

  public static long volume(int[] shape) {
    return volume(shape, 0);
  }

  /** The product of the dims from {@code fromAxis} on. */
  public static long volume(int[] shape, int fromAxis) {
    long v = 1;
    for (int i = fromAxis; i < shape.length; i++) {
      v *= shape[i];
    }
    return v;
  }

  private static Optional<Long> bytes(Graph g, List<String> values) {
    long sum = 0;
    for (String v : values) {
      if (v.isEmpty()) {
        continue; // an omitted optional value moves nothing
      }
      Optional<TensorType> t = g.typeOf(v).filter(TensorType::isStatic);
      if (t.isEmpty()) {
        return Optional.empty();
      }
      sum += volume(t.get().shape()) * t.get().dtype().byteSize();
    }
    return Optional.of(sum);
  }
}
