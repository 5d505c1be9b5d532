package cnnx.host.exec;

import java.util.List;

/**
 * What produced a result: the device (name, driver), every launch's kernel and source hash, and
 * whether the result was verified against the reference — and whether it came from a fallback.
 *
 * @param device device id and name, e.g. "opencl:0 (pthread-znver4, PoCL 3.1)"
 * @param driverVersion the driver's version string
 * @param launches one entry per launch, in order
 * @param verified whether outputs were checked against the reference interpreter
 * @param fallbackFrom the device originally asked for when the caller allowed a fallback, or null
 * @param waived checks of the model the caller asked to skip, e.g. "opset 29 is newer than the newest supported
 *     (28)" when it was loaded with --allow-newer-opset; empty for a model loaded strictly
 */
public record Provenance(String device, String driverVersion, List<LaunchProvenance> launches, boolean verified,
    String fallbackFrom, List<String> waived) {
  public Provenance {
    launches = List.copyOf(launches);
    waived = List.copyOf(waived);
  }

  public Provenance(String device, String driverVersion, List<LaunchProvenance> launches, boolean verified,
      String fallbackFrom) {
    this(device, driverVersion, launches, verified, fallbackFrom, List.of());
  }

  public Provenance asVerified() {
    return new Provenance(device, driverVersion, launches, true, fallbackFrom, waived);
  }

  /** The same provenance with a fallback (when not null) and the model's waived checks. */
  public Provenance with(String fallback, List<String> waivedChecks) {
    return new Provenance(device, driverVersion, launches, verified, fallback != null ? fallback : fallbackFrom,
        waivedChecks);
  }
}
