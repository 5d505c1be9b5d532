package cnnx.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.host.testing.OpenClHarness;
import cnnx.host.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A result's provenance as the public record: the device that ran it, each launch's kernel and source hash (the same
 * launches the provenance text lists), and one kernel hash over them that does not depend on the binary cache.
 */
class ProvenanceTest {
  private static final Map<String, Tensor> INPUT = Map.of("x", Tensor.ofFloats(new int[] {1, 3, 12, 12},
      new float[3 * 12 * 12]));

  private static Result run(String device) {
    Model model = Cnnx.load(TestModels.twoBlocks(), "two-blocks.onnx");
    try (Session s = model.compile(CompileOptions.forDevice(device)).newSession()) {
      Result r = s.run(INPUT);
      assertEquals(s.device(), r.provenance().deviceId());
      return r;
    }
  }

  @Test
  void theReferenceLaunchesNoKernels() {
    Provenance p = run("reference").provenance();
    assertEquals("reference", p.deviceId());
    assertTrue(p.launches().isEmpty(), p.launches().toString());
    assertNull(p.kernelHash());
    assertNull(p.fallbackFrom());
  }

  @Test
  void openClLaunchesAreTheOnesTheTextListsAndHashTogether() throws Exception {
    OpenClHarness.requireDevice();
    Result r = run("opencl");
    Provenance p = r.provenance();
    assertTrue(p.deviceId().startsWith("opencl:"), p.deviceId());
    assertTrue(p.device().startsWith(p.deviceId()), p.device());
    assertFalse(p.launches().isEmpty());
    String[] lines = r.provenanceLaunches().split("\\R");
    assertEquals(p.launches().size(), lines.length, r.provenanceLaunches());
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < lines.length; i++) {
      Provenance.Launch l = p.launches().get(i);
      assertTrue(l.sourceHash().matches("[0-9a-f]{64}"), l.sourceHash());
      assertTrue(lines[i].contains(l.kernel() + " ") && lines[i].contains("sha256:" + l.sourceHash().substring(0, 16)),
          lines[i] + " vs " + l);
      sha.update((l.kernel() + " " + l.sourceHash() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    assertEquals(HexFormat.of().formatHex(sha.digest()), p.kernelHash());
    assertEquals(p.kernelHash(), run("opencl").provenance().kernelHash(), "the same kernels, cached or not");
  }

  @Test
  void theKernelHashFollowsKernelsAndTheirOrder() {
    Provenance.Launch a = new Provenance.Launch("conv", "a".repeat(64), "", List.of("n0"), false, null);
    Provenance.Launch b = new Provenance.Launch("pool", "b".repeat(64), "", List.of("n1"), false, null);
    Provenance.Launch aCached = new Provenance.Launch("conv", "a".repeat(64), "-O2", List.of(), true, "x");
    String ab = new Provenance("d", "d", "1", List.of(a, b), false, null).kernelHash();
    assertEquals(ab, new Provenance("e", "e", "2", List.of(aCached, b), true, "why").kernelHash());
    assertNotEquals(ab, new Provenance("d", "d", "1", List.of(b, a), false, null).kernelHash());
    assertNotEquals(ab, new Provenance("d", "d", "1", List.of(a), false, null).kernelHash());
  }
}
