package cnnx.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link Model#tune} measured on a device: per layer key the built-in rules' kernel variant, the fastest one
 * and every variant's time, and the whole plan's device time with the rules and with the table, timed in
 * alternating rounds. Later compiles for the device use the table (see {@link #table()}).
 *
 * @param layers one row per layer key (layers of equal shape, window and fused steps share one)
 * @param trials the trials the layers asked for; {@code trialsRun} how many ran within the time allowed
 * @param rulesDeviceMs the rules' plan's device time per run (sum of launch medians); NaN when not measured
 * @param tunedDeviceMs the tuned plan's, in the same rounds
 * @param refused trials whose outputs did not match the reference interpreter's, and why
 * @param table where the device's table is kept, empty when nothing was kept ({@code whyNotKept} says why)
 */
public record TuningReport(String device, List<Layer> layers, int trials, int trialsRun, double rulesDeviceMs,
    double tunedDeviceMs, List<String> refused, Optional<Path> table, String whyNotKept) {
  public TuningReport {
    layers = List.copyOf(layers);
    refused = List.copyOf(refused);
  }

  /**
   * A layer key and what was measured for it.
   *
   * @param variantMs every variant's time summed over the key's layers, the rules' first; NaN where not measured
   */
  public record Layer(String key, List<String> onnxNodes, String rules, String chosen, Map<String, Double> variantMs) {
    public Layer {
      onnxNodes = List.copyOf(onnxNodes);
      variantMs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variantMs));
    }

    public double rulesMs() {
      return variantMs.getOrDefault(rules, Double.NaN);
    }

    public double chosenMs() {
      return variantMs.getOrDefault(chosen, Double.NaN);
    }
  }

  /** The keys whose variant differs from the rules'. */
  public long changed() {
    return layers.stream().filter(l -> !l.chosen().equals(l.rules())).count();
  }

  /** A table for people: each key's rules and choice with their times, then the totals. */
  public String text() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "device: %s; %d layer keys, %d of %d trials run%n", device, layers.size(),
        trialsRun, trials));
    if (layers.isEmpty()) {
      return b.append("no table kept: ").append(whyNotKept).append('\n').toString();
    }
    b.append(String.format(Locale.ROOT, "%-30s %-22s %9s  %-22s %9s %7s%n", "layers (first node)", "rules' variant",
        "ms", "fastest", "ms", "gain"));
    for (Layer l : layers) {
      String who = l.onnxNodes().get(0) + (l.onnxNodes().size() > 1 ? " +" + (l.onnxNodes().size() - 1) : "");
      boolean same = l.chosen().equals(l.rules());
      b.append(String.format(Locale.ROOT, "%-30s %-22s %9.3f  %-22s %9s %7s%n", clip(who, 30), l.rules(),
          l.rulesMs(), same ? "(same)" : l.chosen(), same ? "" : String.format(Locale.ROOT, "%.3f", l.chosenMs()),
          same ? "" : String.format(Locale.ROOT, "%.2fx", l.rulesMs() / l.chosenMs())));
    }
    b.append(String.format(Locale.ROOT, "%d of %d keys take another variant than the rules'%n", changed(),
        layers.size()));
    if (!Double.isNaN(rulesDeviceMs)) {
      b.append(String.format(Locale.ROOT, "device time per run: rules %.3f ms, tuned %.3f ms (%.2fx), "
          + "medians of 5 alternating rounds%n", rulesDeviceMs, tunedDeviceMs, rulesDeviceMs / tunedDeviceMs));
    }
    refused.forEach(r -> b.append("refused: ").append(r).append('\n'));
    b.append(table.map(p -> "table kept in " + p + "; later compiles for " + device + " use it\n")
        .orElse("no table kept: " + whyNotKept + "\n"));
    return b.toString();
  }

  private static String clip(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }
}
