package cnnx.kernels.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One OpenCL program: its full C source and build options. Identical sources are shared by every
 * launch that uses them, in one plan and through the kernel-binary cache across plans.
 */
public record KernelSource(String source, String buildOptions) {
  /** SHA-256 of source and options, hex; the provenance of every launch built from this program. */
  public String hash() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(source.getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(buildOptions.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
