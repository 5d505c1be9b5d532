package cnnx.compiler.schedule;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fraction of the roofline bound each kernel family reaches on one device, measured by running launches of
 * that family and comparing their times with the bound ({@code efficiency = bound / measured}). Families
 * never measured get {@link #DEFAULT}.
 */
public record FamilyEfficiency(Map<String, Double> byFamily, String source) {
  /** For unmeasured families: a hand-written kernel on a live device rarely reaches more than half its bound. */
  public static final double DEFAULT = 0.5;

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

  public boolean measured(String family) {
    return byFamily.containsKey(family);
  }

  /** Seconds between launches, measured, else {@link Roofline#LAUNCH_SECONDS}. */
  public double dispatchSeconds() {
    return byFamily.getOrDefault(DISPATCH, Roofline.LAUNCH_SECONDS);
  }
}
