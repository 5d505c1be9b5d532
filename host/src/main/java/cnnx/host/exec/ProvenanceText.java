package cnnx.host.exec;

/** Provenance as text lines for the CLI. */
public final class ProvenanceText {
  private ProvenanceText() {}

  public static String summary(Provenance p) {
    return "device " + p.device() + ", driver " + p.driverVersion() + ", " + p.launches().size() + " launches, "
        + (p.verified() ? "verified" : "not verified against the reference")
        + (p.fallbackFrom() != null ? ", FALLBACK (" + p.fallbackFrom() + ")" : "")
        + (p.waived().isEmpty() ? "" : ", LOADED DESPITE (" + String.join("; ", p.waived()) + ")");
  }

  public static String launches(Provenance p) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    for (LaunchProvenance l : p.launches()) {
      sb.append(String.format("  %3d %-36s sha256:%s options='%s'%s nodes=%s%n", i++, l.kernel(),
          l.sourceHash().substring(0, 16), l.buildOptions(), l.binaryFromCache() ? " (cached binary)" : "", l.onnxNodes()));
      if (l.ranOn() != null) {
        sb.append("      ran on ").append(l.ranOn()).append(System.lineSeparator());
      }
    }
    return sb.toString();
  }
}
