package cnnx.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.host.exec.LaunchProvenance;
import cnnx.host.exec.Provenance;
import cnnx.host.exec.ProvenanceText;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The provenance columns read the API's provenance text; checked here against the records that text is printed
 * from, so that a change of its format fails here rather than silently emptying the columns.
 */
class ProvenanceTextTest {
  private static Provenance provenance(boolean verified, String... hashes) {
    List<LaunchProvenance> launches = java.util.stream.IntStream.range(0, hashes.length)
        .mapToObj(i -> new LaunchProvenance("conv_" + i, hashes[i], "-cl-fast-relaxed-math", List.of("n" + i),
            i % 2 == 0))
        .toList();
    return new Provenance("opencl:0 (cpu, PoCL 3.1)", "3.1", launches, verified, null);
  }

  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);

  @Test
  void theKernelHashCoversEveryLaunchButNotTheCacheState() {
    String one = RunProvenance.kernelHash(ProvenanceText.launches(provenance(false, A, B)));
    assertEquals(64, one.length());
    Provenance cachedDifferently = new Provenance("opencl:0", "3.1", List.of(
        new LaunchProvenance("conv_0", A, "", List.of(), false), new LaunchProvenance("conv_1", B, "", List.of(), false)),
        false, null);
    assertEquals(one, RunProvenance.kernelHash(ProvenanceText.launches(cachedDifferently)));
    assertNotEquals(one, RunProvenance.kernelHash(ProvenanceText.launches(provenance(false, B, A))));
    assertNotEquals(one, RunProvenance.kernelHash(ProvenanceText.launches(provenance(false, A))));
    assertNull(RunProvenance.kernelHash(ProvenanceText.launches(provenance(false))));
  }

  @Test
  void verifiedIsReadFromTheSummary() {
    assertTrue(RunProvenance.verified(ProvenanceText.summary(provenance(true, A))));
    assertFalse(RunProvenance.verified(ProvenanceText.summary(provenance(false, A))));
  }
}
