package cnnx.compiler.codegen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measured per-device choices among a layer's kernel variants. A lowering with several ways to compute a layer
 * (a conv's direct blockings, Winograd, the pointwise or small-channel templates) names them, its own default
 * first, under a key of everything its speed depends on, and asks {@link #choose} which to emit. A table maps keys
 * to the variant an auto-tuner measured fastest on the device; a name the lowering no longer offers (a table of
 * other kernels) is ignored, so only variants the lowering offers are ever emitted. A trial takes each layer's
 * variant at one index (the default where a layer has fewer), so that one plan measures the same variant of every
 * layer at once. Every call is recorded ({@link #offers()}), for the tuner to map launches back to keys.
 */
public final class Tuning {
  /** Each lowering's own default everywhere. */
  public static final Tuning NONE = new Tuning(Map.of(), -1, -1);

  /** A layer's variants as a lowering offered them, and which one it emitted. */
  public record Offer(String key, List<String> variants, int chosen, List<String> onnxNodes, boolean fromTable) {
    public Offer {
      variants = List.copyOf(variants);
      onnxNodes = List.copyOf(onnxNodes);
    }

    public String choice() {
      return variants.get(chosen);
    }
  }

  private final Map<String, String> table;
  private final int trial;
  private final int parity;
  private final List<Offer> offers = Collections.synchronizedList(new ArrayList<>());

  private Tuning(Map<String, String> table, int trial, int parity) {
    this.table = Collections.unmodifiableMap(new TreeMap<>(table));
    this.trial = trial;
    this.parity = parity;
  }

  /** The choices of a table (key to variant name), defaults elsewhere. */
  public static Tuning of(Map<String, String> table) {
    return table.isEmpty() ? NONE : new Tuning(table, -1, -1);
  }

  /** Every layer's variant number {@code index} where it offers that many, its default elsewhere. */
  public static Tuning trial(int index) {
    return trial(index, -1);
  }

  /**
   * As {@link #trial(int)}, but only for every other layer that offers variants: those whose place among them (0,
   * 1, 2, ... in the order they ask) has this parity (0 or 1); the others take their default. Each changed layer is
   * then followed by one in its default, so that what a variant does to the next layer's time can be told apart.
   */
  public static Tuning trial(int index, int parity) {
    if (index < 0 || parity < -1 || parity > 1) {
      throw new IllegalArgumentException("trial index " + index + ", parity " + parity);
    }
    return new Tuning(Map.of(), index, parity);
  }

  /** A fresh recorder over the same choices (offers are per compile). */
  public Tuning fresh() {
    return this == NONE ? NONE : new Tuning(table, trial, parity);
  }

  /** The table's choices, key to variant name. */
  public Map<String, String> table() {
    return table;
  }

  public boolean isEmpty() {
    return table.isEmpty() && trial < 0;
  }

  /**
   * The variant to emit for {@code key}: a trial's index, else the table's choice when {@code variants} still holds
   * it, else {@code variants.get(0)} (the lowering's default).
   */
  public synchronized String choose(String key, List<String> variants, List<String> onnxNodes) {
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("no variants for " + key);
    }
    int i = 0;
    boolean fromTable = false;
    if (trial >= 0) {
      boolean mine = parity < 0 || offers.size() % 2 == parity;
      i = mine && trial < variants.size() ? trial : 0;
    } else if (table.containsKey(key) && variants.contains(table.get(key))) {
      i = variants.indexOf(table.get(key));
      fromTable = i != 0;
    }
    if (this != NONE) {
      offers.add(new Offer(key, variants, i, onnxNodes, fromTable));
    }
    return variants.get(i);
  }

  /** What the lowerings offered and chose so far, in the order they asked. */
  public List<Offer> offers() {
    synchronized (offers) {
      return List.copyOf(offers);
    }
  }

  /** The table as sorted "key = variant" lines (a digest of it keys cached plans). */
  public String describe() {
    StringBuilder b = new StringBuilder();
    table.forEach((k, v) -> b.append(k).append(" = ").append(v).append('\n'));
    return trial >= 0 ? "trial " + trial + (parity >= 0 ? " parity " + parity : "") + "\n" + b : b.toString();
  }
}
