package cnnx.host.exec;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.Compiler;
import cnnx.compiler.codegen.CodeGenerator;
import cnnx.compiler.codegen.LoadTimeLaunches;
import cnnx.compiler.codegen.PlanMemory;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.pass.BindInputShapes;
import cnnx.compiler.pass.InferShapes;
import cnnx.compiler.schedule.LaunchWork;
import cnnx.compiler.schedule.LaunchWorks;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.TensorAssert;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.device.RunHooks;
import cnnx.host.testing.OpenClHarness;
import cnnx.kernels.plan.BufferSpec;
import cnnx.kernels.plan.Launch;
import cnnx.kernels.plan.Plan;
import cnnx.kernels.plan.PlanFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Launches whose inputs are all constants (weights computed by ConstantOfShape, as the light models compute
 * theirs) run once when the plan is loaded: they come first in the plan, runs do not enqueue them, what they
 * write keeps its memory, and every run, a saved plan's included, still matches the reference interpreter.
 */
class LoadTimeLaunchTest {
  private static final double RTOL = 1e-5;
  private static final double ATOL = 1e-6;
  private static final List<String> CONSTANT_NODES = List.of("constantofshape_0", "mul_1"); // the builder names nodes op_index

  @TempDir
  Path dir;

  /**
   * x [2, 6] times a weight computed from constants (ConstantOfShape, then Mul by an initializer), then
   * per-run element ops whose buffers would fit the weight's memory once the MatMul is done with it.
   */
  private static OnnxModelBuilder model(long rows, long cols) {
    float[] s = new float[(int) rows];
    for (int i = 0; i < s.length; i++) {
      s[i] = 0.25f * (i % 7) - 0.5f;
    }
    OnnxModelBuilder b = new OnnxModelBuilder().input("x", 2L, rows);
    b.initializerLongs("shape", new long[] {rows, cols}, 2);
    b.initializer("s", s, rows, 1);
    b.node("ConstantOfShape", names("shape"), names("c"),
        attr("value", OnnxModelBuilder.floatTensor("v", new float[] {0.75f}, 1)));
    b.node("Mul", names("c", "s"), names("w"));
    b.node("MatMul", names("x", "w"), names("y"));
    b.node("Add", names("y", "y"), names("y2"));
    b.node("Mul", names("y2", "y"), names("y3"));
    b.node("Sub", names("y3", "y2"), names("z"));
    return b.output("z");
  }

  /** Shapes inferred but nothing folded, so that the constants become launches. */
  private static Graph unfolded(Graph imported) {
    return new InferShapes().apply(BindInputShapes.exact(Map.of("x", new int[] {2, 6})).apply(imported));
  }

  private static Plan unfoldedPlan(Graph imported) {
    return PlanMemory.place(LoadTimeLaunches.hoist(new CodeGenerator(Compiler.GENERIC_CPU).generate(unfolded(imported))));
  }

  private static Map<String, Tensor> input(long seed, int rows) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[2 * rows];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble(-1, 1);
    }
    return Map.of("x", Tensor.ofFloats(new int[] {2, rows}, x));
  }

  private static void assertMatches(Graph g, Map<String, Tensor> in, Map<String, Tensor> out, String what) {
    Map<String, Tensor> expected = new ReferenceInterpreter().run(g, in);
    expected.forEach((name, t) -> TensorAssert.assertClose(t, out.get(name), RTOL, ATOL, name + " " + what));
  }

  private static List<String> nodesOf(List<Launch> launches) {
    List<String> nodes = new ArrayList<>();
    launches.forEach(l -> nodes.addAll(l.onnxNodes()));
    return nodes;
  }

  @Test
  void constantLaunchesComeFirstAndKeepTheirMemory() {
    Plan plan = unfoldedPlan(new OnnxImporter().load(model(6, 5).toBytes(), "model.onnx"));
    assertEquals(2, plan.loadLaunches(), plan.launches().toString());
    assertEquals(CONSTANT_NODES, nodesOf(plan.launches().subList(0, 2)));
    List<String> perRun = nodesOf(plan.launches().subList(2, plan.launches().size()));
    assertTrue(perRun.stream().noneMatch(CONSTANT_NODES::contains), perRun.toString());
    BufferSpec w = plan.buffers().stream().filter(b -> b.value().equals("w")).findFirst().orElseThrow();
    for (BufferSpec b : plan.buffers()) {
      assertTrue(b.id() == w.id() || b.slot() != w.slot(), b.value() + " shares the weight's memory");
    }
  }

  /** The performance model charges a run nothing for a load-time launch, and nothing for reading what it wrote. */
  @Test
  void loadTimeLaunchesDoNoWorkPerRun() {
    Graph g = unfolded(new OnnxImporter().load(model(6, 5).toBytes(), "model.onnx"));
    Plan plan = PlanMemory.place(LoadTimeLaunches.hoist(new CodeGenerator(Compiler.GENERIC_CPU).generate(g)));
    List<LaunchWork> works = LaunchWorks.of(g, plan);
    for (int i = 0; i < plan.loadLaunches(); i++) {
      assertEquals(0, works.get(i).bytes() + works.get(i).macs(), works.get(i).toString());
    }
    LaunchWork matMul = works.stream().filter(w -> w.onnxNodes().contains("matmul_2")).findFirst().orElseThrow();
    assertTrue(matMul.macs() > 0);
    assertTrue(matMul.consumes().stream().noneMatch(v -> v.name().equals("w")), matMul.consumes().toString());
    assertTrue(matMul.consumes().stream().anyMatch(v -> v.name().equals("x")), matMul.consumes().toString());
  }

  @Test
  void runsSkipTheConstantLaunchesAndMatchTheReference() {
    OpenClHarness.requireDevice();
    Graph g = new OnnxImporter().load(model(6, 5).toBytes(), "model.onnx");
    Plan plan = unfoldedPlan(g);
    try (OpenClExecutable e = OpenClExecutable.load(OpenClHarness.context(), plan,
        KernelBinaryCache.atDefaultLocation())) {
      for (long seed = 1; seed <= 3; seed++) {
        Map<String, Tensor> in = input(seed, 6);
        assertMatches(g, in, e.run(in).outputs(), "run " + seed);
      }
      long[] times = e.profile(input(4, 6));
      assertEquals(0, times[0] + times[1], "a run enqueues no load-time launch");
    }
  }

  /**
   * An observed run shows every launch under its plan number, the load-time ones too; a run with a fault
   * injected into the constant's launch is wrong, and the plain run after it is right again.
   */
  @Test
  void hookedRunsSeeEveryLaunchAndLeaveLaterRunsRight() {
    OpenClHarness.requireDevice();
    Graph g = new OnnxImporter().load(model(6, 5).toBytes(), "model.onnx");
    Plan plan = unfoldedPlan(g);
    Map<String, Tensor> in = input(5, 6);
    try (OpenClExecutable e = OpenClExecutable.load(OpenClHarness.context(), plan,
        KernelBinaryCache.atDefaultLocation())) {
      List<Integer> seen = new ArrayList<>();
      e.run(in, new RunHooks((index, kernel, nodes, written) -> seen.add(index), null, null));
      assertEquals(plan.launches().size(), seen.size());
      assertEquals(0, seen.get(0));
      Tensor faulted = e.run(in, new RunHooks(null, new LaunchFault("constantofshape_0", 1f), null)).outputs().get("z");
      Tensor expected = new ReferenceInterpreter().run(g, in).get("z");
      assertFalse(java.util.Arrays.equals(expected.floats(), faulted.floats()), "the fault changed the output");
      assertMatches(g, in, e.run(in).outputs(), "after the faulted run");
    }
  }

  @Test
  void aSavedPlanKeepsItsLoadTimeLaunches() {
    OpenClHarness.requireDevice();
    Graph g = new OnnxImporter().load(model(6, 5).toBytes(), "model.onnx");
    Plan plan = unfoldedPlan(g);
    Path file = dir.resolve("constants.cnnxplan");
    PlanFile.write(plan, file);
    Plan loaded = PlanFile.read(file);
    assertEquals(plan.loadLaunches(), loaded.loadLaunches());
    try (OpenClExecutable e = OpenClExecutable.load(OpenClHarness.context(), loaded,
        KernelBinaryCache.atDefaultLocation())) {
      for (long seed = 6; seed <= 7; seed++) {
        Map<String, Tensor> in = input(seed, 6);
        assertMatches(g, in, e.run(in).outputs(), "from the plan file, run " + seed);
      }
    }
  }

  /**
   * Through the whole compiler: a weight too large to fold (over 4 Mi elements, as the light models' fully
   * connected weights are) is computed at load time, not folded into the plan and not on every run.
   */
  @Test
  void theCompilerComputesUnfoldableConstantsAtLoadTime() {
    byte[] bytes = model(8, 524_800).toBytes();
    Graph g = new OnnxImporter().load(bytes, "model.onnx");
    Plan plan = new Compiler().compile(g,
        Compiler.Options.defaults().withInputShapes(Map.of("x", new int[] {2, 8}))).plan();
    assertTrue(plan.loadLaunches() >= 1, plan.launches().toString());
    assertTrue(nodesOf(plan.launches().subList(0, plan.loadLaunches())).contains("constantofshape_0"));
    List<String> perRun = nodesOf(plan.launches().subList(plan.loadLaunches(), plan.launches().size()));
    assertTrue(perRun.stream().noneMatch(CONSTANT_NODES::contains), perRun.toString());
    OpenClHarness.requireDevice();
    try (OpenClExecutable e = OpenClExecutable.load(OpenClHarness.context(), plan,
        KernelBinaryCache.atDefaultLocation())) {
      for (long seed = 8; seed <= 9; seed++) {
        Map<String, Tensor> in = input(seed, 8);
        assertMatches(g, in, e.run(in).outputs(), "run " + seed);
      }
    }
  }
}
