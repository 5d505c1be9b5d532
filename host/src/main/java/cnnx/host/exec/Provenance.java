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
 */
public record Provenance(String device, String driverVersion, List<LaunchProvenance> launches, boolean verified,
    String fallbackFrom) {
  public Provenance {
    launches = List.copyOf(launches);
  }

  public Provenance asVerified() {
    return new Provenance(device, driverVersion, launches, true, fallbackFrom);
  }
}
