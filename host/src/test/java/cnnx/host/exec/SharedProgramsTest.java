package cnnx.host.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.Compiler;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.RandomTensors;
import cnnx.compiler.testing.TensorAssert;
import cnnx.host.cl.ClContext;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.cl.LiveObjects;
import cnnx.host.cl.ProgramCache;
import cnnx.host.testing.OpenClHarness;
import cnnx.host.testing.TestModels;
import cnnx.kernels.plan.Plan;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Executables on one context share its programs; no close releases a program another still uses. */
class SharedProgramsTest {
  private static final Map<String, Tensor> IN =
      Map.of("x", RandomTensors.normal(new SplittableRandom(3), 1, 3, 12, 12));

  @Test
  void twoExecutablesShareOneBuildAndClosingOneKeepsTheOtherRunnable() {
    var device = OpenClHarness.requireDevice();
    Graph g = new OnnxImporter().load(TestModels.twoBlocks(), "two-blocks.onnx");
    Tensor expected = new ReferenceInterpreter().run(g, IN).get("y");
    Plan plan = plan(g);
    int distinct = (int) plan.programs().stream().map(p -> p.source() + "\0" + p.buildOptions()).distinct().count();
    var baseline = LiveObjects.snapshot();
    try (ClContext context = ClContext.open(device)) {
      OpenClExecutable first = OpenClExecutable.load(context, plan, KernelBinaryCache.atDefaultLocation());
      long programs = LiveObjects.count(LiveObjects.Kind.PROGRAM);
      try (OpenClExecutable second = OpenClExecutable.load(context, plan, KernelBinaryCache.atDefaultLocation())) {
        assertEquals(programs, LiveObjects.count(LiveObjects.Kind.PROGRAM), "the second load built programs");
        ProgramCache.Stats stats = context.programs().stats();
        assertEquals(distinct, stats.programs());
        assertEquals(distinct, stats.misses());
        assertEquals(2L * plan.programs().size() - distinct, stats.hits());
        first.close();
        assertEquals(programs, LiveObjects.count(LiveObjects.Kind.PROGRAM), "a closed executable released shared programs");
        TensorAssert.assertClose(expected, second.run(IN).outputs().get("y"), 1e-3, 1e-4, "after the other closed");
      }
      assertEquals(0, context.programs().stats().programs(), "the last lease releases a program by default");
      assertEquals(Map.of(LiveObjects.Kind.CONTEXT, 1L, LiveObjects.Kind.QUEUE, 1L),
          LiveObjects.snapshot().since(baseline));
    }
    assertEquals(baseline, LiveObjects.snapshot(), "native objects leaked");
  }

  @Test
  void idleProgramsServeTheNextLoadAndTheContextReleasesThem() {
    var device = OpenClHarness.requireDevice();
    Graph g = new OnnxImporter().load(TestModels.twoBlocks(), "two-blocks.onnx");
    Tensor expected = new ReferenceInterpreter().run(g, IN).get("y");
    Plan plan = plan(g);
    var baseline = LiveObjects.snapshot();
    ClContext context = ClContext.open(device);
    context.programs().retainIdle(64);
    OpenClExecutable.load(context, plan, KernelBinaryCache.atDefaultLocation()).close();
    int kept = context.programs().stats().idle();
    assertTrue(kept > 0, "no program kept idle");
    long misses = context.programs().stats().misses();
    OpenClExecutable again = OpenClExecutable.load(context, plan, KernelBinaryCache.atDefaultLocation());
    assertEquals(misses, context.programs().stats().misses(), "an idle program was rebuilt");
    assertEquals(0, context.programs().stats().idle());
    TensorAssert.assertClose(expected, again.run(IN).outputs().get("y"), 1e-3, 1e-4, "from idle programs");
    context.programs().retainIdle(1);
    again.close();
    assertEquals(Math.min(1, kept), context.programs().stats().idle(), "idle programs beyond the limit released");
    context.close();
    assertFalse(LiveObjects.snapshot().since(baseline).containsKey(LiveObjects.Kind.PROGRAM));
    assertEquals(baseline, LiveObjects.snapshot(), "closing the context released everything");
    assertThrows(IllegalStateException.class,
        () -> OpenClExecutable.load(context, plan, KernelBinaryCache.atDefaultLocation()));
  }

  private static Plan plan(Graph g) {
    return new Compiler().compile(g, Compiler.Options.defaults().withInputShapes(Map.of("x", new int[] {1, 3, 12, 12})))
        .plan();
  }
}
