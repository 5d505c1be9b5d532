package cnnx.spark;

import cnnx.api.Result;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The provenance columns of the rows of one run: executor host, device, one hash over the kernels that ran, whether
 * the outputs were verified against the reference, and why a fallback device served, if one did.
 *
 * <p>Read from the API's provenance text, the only form of it in the public API: one line per launch naming the
 * kernel and its source hash, and the summary that says whether the run was verified.
 *
 * @param kernelHash SHA-256 over every launch's kernel name and source hash, in launch order; null for a device
 *     that runs the model directly (no kernels)
 */
record RunProvenance(String host, String device, String kernelHash, boolean verified, String fallbackFrom) {
  private static final Pattern LAUNCH = Pattern.compile("^\\s*\\d+\\s+(\\S+)\\s+sha256:([0-9a-f]+)", Pattern.MULTILINE);

  static RunProvenance of(Result result, String device, String fallbackFrom) {
    return new RunProvenance(Hosts.name(), device, kernelHash(result.provenanceLaunches()),
        verified(result.provenanceSummary()), fallbackFrom);
  }

  static String kernelHash(String launches) {
    Matcher m = LAUNCH.matcher(launches);
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    int n = 0;
    while (m.find()) {
      sha.update((m.group(1) + " " + m.group(2) + "\n").getBytes(StandardCharsets.UTF_8));
      n++;
    }
    return n == 0 ? null : HexFormat.of().formatHex(sha.digest());
  }

  static boolean verified(String summary) {
    return summary.contains(" launches, verified");
  }
}
