package cnnx.compiler.schedule;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each kernel family costs on one device beyond its roofline bound, measured by running launches of that
 * family: a launch takes {@code bound / efficiency + bytesWritten × perByteWritten + perLaunch}. The efficiency
 * is the fraction of the bound the family's inner loops reach; the per-byte-written term prices what a roofline
 * misses in short reductions (each output pays its epilogue, stores and loop set-up whatever its MACs, so a 1×1
 * conv expanding 24 to 144 channels is far slower than the one projecting back at equal MACs); the per-launch
 * term prices small launches' fixed costs (work-group start-up). Families never measured get {@link #DEFAULT}
 * and no extra terms.
 *
 * <p>Kept as one flat map (the cache file's lines): {@code family} → efficiency, {@code family}{@value
 * #PER_BYTE_WRITTEN} and {@code family}{@value #PER_LAUNCH} → seconds, plus {@link #DISPATCH} and
 * {@link #VERSION}.
 */
public record FamilyEfficiency(Map<String, Double> byFamily, String source) {
  /** For unmeasured families: a hand-written kernel on a live device rarely reaches more than half its bound. */
  public static final double DEFAULT = 0.5;

  /** Suffix of a family's seconds per byte it writes. */
  public static final String PER_BYTE_WRITTEN = "@per-byte-written";

  /** Suffix of a family's fixed seconds per launch. */
  public static final String PER_LAUNCH = "@per-launch";

  /**
   * Suffix of the roofline seconds the family's figures were fitted on (its launches' bounds summed, over every
   * model measured): figures fitted on a small model's launches weigh little against a large one's.
   */
  public static final String WEIGHT = "@weight";

  /** Key of the model's form; figures cached under another form are measured again. */
  public static final String VERSION = "@model-version";

  /** The current form: efficiency, per byte written and per launch, per family. */
  public static final double CURRENT_VERSION = 2;

  public FamilyEfficiency {
    byFamily = Collections.unmodifiableMap(new LinkedHashMap<>(byFamily));
  }

  public static FamilyEfficiency unmeasured() {
    return new FamilyEfficiency(Map.of(), "not measured: " + DEFAULT + " for every family");
  }

  /**
   * Key of the measured gap between consecutive launches of a run (host dispatch and waking the device's
   * workers): a run's wall time less its launches' device times, per launch.
   */
  public static final String DISPATCH = "@dispatch-seconds";

  public double of(String family) {
    return byFamily.getOrDefault(family, DEFAULT);
  }

  /** Seconds per byte a launch of the family writes (0 when not measured). */
  public double perByteWritten(String family) {
    return byFamily.getOrDefault(family + PER_BYTE_WRITTEN, 0.0);
  }

  /** Fixed seconds per launch of the family, device time (0 when not measured). */
  public double perLaunch(String family) {
    return byFamily.getOrDefault(family + PER_LAUNCH, 0.0);
  }

  /** A launch's predicted device time: its bound over the efficiency plus the family's extra terms. */
  public double deviceSeconds(LaunchWork w, double boundSeconds) {
    return boundSeconds / of(w.family()) + w.bytesWritten() * perByteWritten(w.family()) + perLaunch(w.family());
  }

  /** Roofline seconds of the launches the family's figures come from (0 when not recorded). */
  public double weight(String family) {
    return byFamily.getOrDefault(family + WEIGHT, 0.0);
  }

  public boolean measured(String family) {
    return byFamily.containsKey(family);
  }

  /** Seconds between launches, measured, else {@link Roofline#LAUNCH_SECONDS}. */
  public double dispatchSeconds() {
    return byFamily.getOrDefault(DISPATCH, Roofline.LAUNCH_SECONDS);
  }
}
