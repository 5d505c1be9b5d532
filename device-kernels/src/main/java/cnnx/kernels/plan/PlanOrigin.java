package cnnx.kernels.plan;

/**
 * What a plan was made from and for: the target whose decisions it encodes (a plan only runs on a device
 * with the same target fingerprint) and the model it was compiled from.
 *
 * @param targetId e.g. {@code opencl:0} or {@code nvidia/h100-sxm}
 * @param targetFingerprint {@code Target.fingerprint()} of the target compiled for
 * @param targetSummary one line describing the target, for listings
 * @param modelHash SHA-256 of the model file, or of its graph when it did not come from a file
 * @param waivedChecks loading checks the user waived for that model (e.g. an opset newer than cnnx knows): a run
 *     of the saved plan still says so in its provenance
 */
public record PlanOrigin(String targetId, String targetFingerprint, String targetSummary, String modelHash,
    java.util.List<String> waivedChecks) {
  public PlanOrigin {
    waivedChecks = java.util.List.copyOf(waivedChecks);
  }

  public PlanOrigin(String targetId, String targetFingerprint, String targetSummary, String modelHash) {
    this(targetId, targetFingerprint, targetSummary, modelHash, java.util.List.of());
  }

  /** For plans made in tests without a target or model. */
  public static PlanOrigin unknown() {
    return new PlanOrigin("unknown", "", "", "");
  }
}
