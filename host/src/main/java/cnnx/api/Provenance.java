package cnnx.api;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Where a {@link Result} came from: the device that ran it, every launch's kernel and source hash, whether the outputs
 * were verified against the reference interpreter, and why a fallback device served, if one did.
 *
 * @param deviceId the id of the device that ran it ("opencl:0", "reference", ...): the fallback's when one served
 * @param device the device's id and name for reports, e.g. "opencl:0 (pthread-znver4, PoCL 3.1)"
 * @param driverVersion the driver's version string
 * @param launches one entry per kernel launch, in launch order; empty for a device that runs the model directly
 * @param verified whether the outputs were checked against the reference interpreter
 * @param fallbackFrom the device asked for and why it could not serve, when a fallback device ran it; else null
 * @param waivedChecks the loading checks the user waived for this model (e.g. an opset newer than cnnx knows,
 *     accepted with {@code LoadOptions.allowingNewerVersions()}); empty when none
 */
public record Provenance(String deviceId, String device, String driverVersion, List<Launch> launches,
    boolean verified, String fallbackFrom, List<String> waivedChecks) {
  public Provenance {
    launches = List.copyOf(launches);
    waivedChecks = List.copyOf(waivedChecks);
  }

  /** A result from a model loaded with every check in force. */
  public Provenance(String deviceId, String device, String driverVersion, List<Launch> launches, boolean verified,
      String fallbackFrom) {
    this(deviceId, device, driverVersion, launches, verified, fallbackFrom, List.of());
  }

  /**
   * One kernel launch.
   *
   * @param kernel the kernel function's name
   * @param sourceHash SHA-256 (hex) of the program source and build options
   * @param buildOptions the options it was built with
   * @param onnxNodes the ONNX nodes it computes
   * @param binaryFromCache whether the program came from the kernel-binary cache
   * @param ranOn where it really ran when the device can say so after the run (an Aparapi kernel: OpenCL on which
   *     device, or the JVM); else null
   */
  public record Launch(String kernel, String sourceHash, String buildOptions, List<String> onnxNodes,
      boolean binaryFromCache, String ranOn) {
    public Launch {
      onnxNodes = List.copyOf(onnxNodes);
    }
  }

  /**
   * One hash for the code that ran: SHA-256 (hex) over each launch's {@code kernel + " " + sourceHash + "\n"}, in
   * launch order. Equal for two runs of the same kernels whether or not their binaries came from the cache; null when
   * nothing was launched (a device that runs the model directly).
   */
  public String kernelHash() {
    if (launches.isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (Launch l : launches) {
      sb.append(l.kernel()).append(' ').append(l.sourceHash()).append('\n');
    }
    return Sha256.of(sb.toString().getBytes(StandardCharsets.UTF_8));
  }
}
