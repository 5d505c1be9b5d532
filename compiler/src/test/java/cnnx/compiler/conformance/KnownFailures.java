package cnnx.compiler.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Cases that are known not to pass, each with its reason, from {@code known-failures.txt}
 * ("case-name: reason" per line). A listed case that starts passing fails the build, so the
 * list cannot go stale.
 */
final class KnownFailures {
  private final Map<String, String> reasons = new HashMap<>();

  static KnownFailures load() {
    KnownFailures k = new KnownFailures();
    try (InputStream in = KnownFailures.class.getResourceAsStream("/known-failures.txt")) {
      if (in == null) {
        return k;
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int colon = line.indexOf(':');
        if (colon <= 0 || colon == line.length() - 1) {
          throw new IllegalStateException("known-failures.txt: '" + line + "' needs 'case: reason'");
        }
        k.reasons.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return k;
  }

  String reason(String caseName) {
    return reasons.get(caseName);
  }
}
