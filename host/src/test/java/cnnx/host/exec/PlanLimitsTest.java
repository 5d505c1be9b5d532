package cnnx.host.exec;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.Compiler;
import cnnx.compiler.analysis.MemoryBudget;
import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.host.cl.ClDeviceType;
import cnnx.host.cl.DeviceInfo;
import cnnx.kernels.plan.KernelArg;
import cnnx.kernels.plan.Launch;
import cnnx.kernels.plan.Plan;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A plan's demands are checked against the device before anything is allocated: bytes against the
 * budget and global memory, slots against the largest allocation, launches against int indexing
 * and the work-group limit. The devices here are described, not opened: the check reads only their limits.
 */
class PlanLimitsTest {
  private static DeviceInfo device(long globalMem, long maxAlloc, long maxGroup) {
    return new DeviceInfo(0, 0, 0, "p", "OpenCL 3.0", "small device", "v", "1", "OpenCL 3.0", ClDeviceType.CPU, 1,
        globalMem, 1 << 16, maxAlloc, maxGroup, List.of(), 4);
  }

  /** x [1,64,64] doubled 6 times: c5 and y are 64 × 4096 floats = 1 MiB each. */
  private static Plan chain() {
    OnnxModelBuilder b = new OnnxModelBuilder().input("x", 1L, 64L, 64L);
    String prev = "x";
    for (int i = 0; i < 6; i++) {
      b.node("Concat", names(prev, prev), names("c" + i), attr("axis", 0L));
      prev = "c" + i;
    }
    Graph g = new OnnxImporter().load(b.node("Neg", names(prev), names("y")).output("y").toBytes(), "chain.onnx");
    return new Compiler().compile(g, Compiler.Options.defaults()).plan();
  }

  @Test
  void aPlanOverGlobalMemoryIsRefusedNamingItsLargestTensors() {
    InvalidModelException e = assertThrows(InvalidModelException.class,
        () -> PlanLimits.check(chain(), device(1L << 20, 1L << 20, 256), null));
    assertTrue(e.getMessage().contains("over the memory limit of 1.0 MiB (global memory of")
        && e.getMessage().contains("y float[64x64x64] 1.0 MiB"), e.getMessage());
    assertDoesNotThrow(() -> PlanLimits.check(chain(), device(64L << 20, 64L << 20, 256), null));
  }

  @Test
  void aBudgetBelowTheDeviceMemoryIsTheLimit() {
    InvalidModelException e = assertThrows(InvalidModelException.class, () -> PlanLimits.check(chain(),
        device(64L << 20, 64L << 20, 256), new MemoryBudget(2L << 20, "--memory-limit")));
    assertTrue(e.getMessage().contains("2.0 MiB (--memory-limit)"), e.getMessage());
  }

  @Test
  void aSlotOverTheLargestAllocationIsRefused() {
    InvalidModelException e = assertThrows(InvalidModelException.class,
        () -> PlanLimits.check(chain(), device(64L << 20, 512L << 10, 256), null));
    assertTrue(e.getMessage().contains("over the largest allocation"), e.getMessage());
  }

  @Test
  void launchesOverIntIndexingOrTheWorkGroupLimitAreRefused() {
    DeviceInfo d = device(1L << 30, 1L << 30, 256);
    List<KernelArg> none = List.of();
    assertThrows(InvalidModelException.class, () -> PlanLimits.checkLaunch(
        new Launch("k", 0, none, new long[] {166_666_667L, 2_000_000_004L, 1}, null, List.of("conv_0"), List.of(), ""),
        d));
    assertThrows(InvalidModelException.class, () -> PlanLimits.checkLaunch(
        new Launch("k", 0, none, new long[] {1024, 1024}, new long[] {64, 64}, List.of("n"), List.of(), ""), d));
    assertThrows(InvalidModelException.class, () -> PlanLimits.checkLaunch(
        new Launch("k", 0, none, new long[] {100}, new long[] {64}, List.of("n"), List.of(), ""), d));
    assertDoesNotThrow(() -> PlanLimits.checkLaunch(
        new Launch("k", 0, none, new long[] {1024, 1024}, new long[] {16, 16}, List.of("n"), List.of(), ""), d));
  }

  @Test
  void theCheckSeesEveryLaunchOfARealPlan() {
    Plan p = chain();
    assertDoesNotThrow(() -> PlanLimits.check(p, device(1L << 30, 1L << 30, 4096), null));
    assertTrue(p.launches().size() >= 7);
  }
}
