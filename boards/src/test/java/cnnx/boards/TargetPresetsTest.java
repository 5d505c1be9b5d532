package cnnx.boards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Presets are distinct, self-consistent targets; the fingerprint covers what shapes code and nothing else. */
class TargetPresetsTest {
  @Test
  void everyPresetIsConsistentAndDistinct() {
    List<Target> all = TargetPresets.all();
    assertTrue(all.size() >= 6, "a handful of presets");
    Set<String> fingerprints = new HashSet<>();
    for (Target t : all) {
      assertEquals("preset", t.origin(), t.id());
      assertTrue(t.fp32Gflops() > 0 && t.memoryGBps() > 0 && t.globalMemBytes() > 0, t.id());
      assertTrue(t.preferredWorkGroupSize() <= t.maxWorkGroupSize(), t.id());
      assertTrue(t.kind() != DeviceKind.GPU || t.subgroupSize() >= 32, t.id() + ": GPUs run warps or wavefronts");
      assertTrue(fingerprints.add(t.fingerprint()), t.id() + " has another preset's fingerprint");
      assertEquals(t, TargetPresets.get(t.id()));
    }
  }

  @Test
  void measuredRatesDoNotChangeTheFingerprint() {
    Target h100 = TargetPresets.get("nvidia/h100-sxm");
    Target measured = h100.calibrated(50_000, 3_000, "calibrated: test");
    assertEquals(h100.fingerprint(), measured.fingerprint());
    assertEquals(50_000, measured.fp32Gflops());
    assertTrue(measured.origin().endsWith("calibrated: test"));
    Target otherWarp = new Target(h100.id(), h100.kind(), h100.vendor(), h100.name(), h100.computeUnits(),
        h100.simdWidth(), 64, h100.localMemBytes(), h100.preferredWorkGroupSize(), h100.maxWorkGroupSize(),
        h100.fp32Gflops(), h100.fp16Gflops(), h100.int8Gops(), h100.memoryGBps(), h100.globalMemBytes(),
        h100.openClVersion(), h100.extensions(), h100.dialect(), h100.origin());
    assertNotEquals(h100.fingerprint(), otherWarp.fingerprint());
  }

  @Test
  void theRidgePointIsPeakOverBandwidth() {
    Target xeon = TargetPresets.get("intel/xeon-8380");
    assertEquals(5_888 / 204.8, xeon.ridgeFlopsPerByte(), 1e-9);
  }

  @Test
  void anUnknownIdListsThePresets() {
    var e = assertThrows(IllegalArgumentException.class, () -> TargetPresets.get("nvidia/gtx-0"));
    assertTrue(e.getMessage().contains("nvidia/h100-sxm"), e.getMessage());
  }

  @Test
  void inconsistentFiguresAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Target("x", DeviceKind.GPU, "v", "n", 1, 1, 32, 0, 512,
        256, 1, 0, 0, 1, 1, "OpenCL 3.0", List.of(), KernelDialect.OPENCL_C, "preset"));
  }
}
