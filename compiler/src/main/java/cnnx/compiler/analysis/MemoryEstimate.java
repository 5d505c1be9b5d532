package cnnx.compiler.analysis;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ir.ValueInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference interpreter's peak memory, computed from a typed graph before anything runs: it
 * keeps the initializers, the inputs and every value until its last reader, exactly as
 * {@code ReferenceInterpreter} does, plus each node's scratch while it runs (double accumulators:
 * twice its outputs' bytes). Values of unknown size (data-dependent shapes) count as 0
 * here; the interpreter sizes those before evaluating each node.
 */
public final class MemoryEstimate {
  /** One value and the bytes it takes. */
  public record Sized(String name, TensorType type, long bytes) {
    @Override
    public String toString() {
      return name + " " + type + " " + MemoryBudget.human(bytes);
    }
  }

  /**
   * @param peakBytes the most bytes live at once
   * @param largest the largest values live at the peak, largest first (at most three)
   */
  public record Peak(long peakBytes, List<Sized> largest) {}

  private MemoryEstimate() {}

  /** Bytes the JVM stores a value of this type in (floats as float32, integers as int64). */
  public static long storageBytes(TensorType type) {
    long n = 1;
    for (Dim d : type.dims()) {
      if (!d.isKnown()) {
        return 0;
      }
      n = saturatedMultiply(n, d.value());
    }
    return saturatedMultiply(n, type.dtype().isFloating() ? 4 : 8);
  }

  /** The reference interpreter's peak over a typed graph. */
  public static Peak referencePeak(Graph g) {
    Map<String, Long> live = new HashMap<>();
    long current = 0;
    for (var e : g.initializers().entrySet()) {
      current = add(live, current, e.getKey(), storageBytes(e.getValue().type()));
    }
    for (ValueInfo in : g.inputs()) {
      current = add(live, current, in.name(), g.typeOf(in.name()).map(MemoryEstimate::storageBytes).orElse(0L));
    }
    Map<String, Integer> remaining = new HashMap<>(g.useCounts());
    long peak = current;
    Map<String, Long> atPeak = Map.copyOf(live);
    for (Node node : g.nodes()) {
      long produced = 0;
      for (String out : node.outputs()) {
        if (!out.isEmpty()) {
          long bytes = g.typeOf(out).map(MemoryEstimate::storageBytes).orElse(0L);
          produced = saturatedAdd(produced, bytes);
          current = add(live, current, out, bytes);
        }
      }
      // While a node runs it may also hold scratch: contractions and reductions accumulate in
      // double, up to twice the bytes of their float outputs (found by the differential fuzzer).
      long during = saturatedAdd(current, saturatedMultiply(produced, 2));
      if (during > peak) {
        peak = during;
        atPeak = Map.copyOf(live);
      }
      for (String in : node.inputs()) {
        if (!in.isEmpty() && remaining.merge(in, -1, Integer::sum) == 0 && !g.initializers().containsKey(in)) {
          Long b = live.remove(in);
          current -= b == null ? 0 : b;
        }
      }
    }
    return new Peak(peak, largest(g, atPeak));
  }

  /**
   * The bytes of a run that keeps every value until it ends (initializers, inputs and every node's outputs), as
   * runtimes that allocate one array per value and free none during a run do (the Aparapi devices).
   */
  public static Peak allValues(Graph g) {
    Map<String, Long> live = new HashMap<>();
    long total = 0;
    for (var e : g.initializers().entrySet()) {
      total = add(live, total, e.getKey(), storageBytes(e.getValue().type()));
    }
    for (ValueInfo in : g.inputs()) {
      total = add(live, total, in.name(), g.typeOf(in.name()).map(MemoryEstimate::storageBytes).orElse(0L));
    }
    for (Node node : g.nodes()) {
      for (String out : node.outputs()) {
        if (!out.isEmpty()) {
          total = add(live, total, out, g.typeOf(out).map(MemoryEstimate::storageBytes).orElse(0L));
        }
      }
    }
    return new Peak(total, largest(g, live));
  }

  private static List<Sized> largest(Graph g, Map<String, Long> live) {
    List<Sized> largest = new ArrayList<>();
    live.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()))
        .limit(3)
        .forEach(e -> largest.add(new Sized(e.getKey(), g.typeOf(e.getKey()).orElse(
            new TensorType(DataType.FLOAT, List.of())), e.getValue())));
    return List.copyOf(largest);
  }

  private static long add(Map<String, Long> live, long current, String name, long bytes) {
    Long before = live.put(name, bytes);
    return saturatedAdd(current - (before == null ? 0 : before), bytes);
  }

  static long saturatedMultiply(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
  }

  static long saturatedAdd(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }
}
