package cnnx.api;

/**
 * How strictly to load a model file.
 *
 * @param allowNewerVersions load IR versions and opsets newer than cnnx knows (by default refused as UNSUPPORTED);
 *     what was waived is recorded in the model and in every run's provenance
 */
public record LoadOptions(boolean allowNewerVersions) {
  /** The default: newer IR versions and opsets are refused. */
  public static LoadOptions strict() {
    return new LoadOptions(false);
  }

  /** Newer IR versions and opsets are loaded, at the caller's risk, and recorded. */
  public static LoadOptions allowingNewerVersions() {
    return new LoadOptions(true);
  }
}
