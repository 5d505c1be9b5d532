package cnnx.host.exec;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.boards.Target;
import cnnx.compiler.Compiler;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.BackendTestCase;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomTensors;
import cnnx.compiler.testing.SharedData;
import cnnx.compiler.testing.TensorAssert;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.device.DeviceRegistry;
import cnnx.host.testing.OpenClHarness;
import cnnx.kernels.plan.Launch;
import cnnx.kernels.plan.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Small per-run launches of a plan for the live CPU device run as single-work-item task kernels
 * ({@code TaskSequences}): the plan compiled for the device has fewer launches than without tasks, its task launches
 * name every ONNX node they compute, the run matches the reference and the plan without tasks, the per-launch hooks
 * see a task's outputs, and big launches stay launches of their own.
 */
class TaskLaunchTest {
  private static Target liveTarget() {
    OpenClHarness.requireDevice();
    Target t = DeviceRegistry.discover().resolve("opencl:0").target().orElseThrow();
    Assumptions.assumeTrue(t.kind() == cnnx.boards.DeviceKind.CPU, "tasks are for CPU devices; opencl:0 is " + t);
    return t;
  }

  /** conv-BN-ReLU-pool twice, a residual add, a concat, global pooling, Gemm and Softmax: 2 k MACs a layer. */
  private static OnnxModelBuilder smallNet(Map<String, Tensor> feeds) {
    SplittableRandom rnd = new SplittableRandom(5);
    OnnxModelBuilder b = new OnnxModelBuilder().opset(17);
    float[] x = new float[1 * 3 * 16 * 16];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextDouble(-1, 1);
    }
    feeds.put("x", Tensor.ofFloats(new int[] {1, 3, 16, 16}, x));
    b.input("x", 1, 3, 16, 16);
    weight(b, rnd, "w1", 8, 3, 3, 3);
    weight(b, rnd, "b1", 8);
    b.node("Conv", names("x", "w1", "b1"), names("c1"), attrInts("pads", 1, 1, 1, 1));
    b.node("Relu", names("c1"), names("r1"));
    b.node("MaxPool", names("r1"), names("p1"), attrInts("kernel_shape", 2, 2), attrInts("strides", 2, 2));
    weight(b, rnd, "w2", 8, 8, 3, 3);
    b.node("Conv", names("p1", "w2"), names("c2"), attrInts("pads", 1, 1, 1, 1));
    b.node("Add", names("c2", "p1"), names("s2"));
    b.node("Relu", names("s2"), names("r2"));
    weight(b, rnd, "w3", 4, 8, 1, 1);
    b.node("Conv", names("r2", "w3"), names("c3"));
    b.node("Concat", names("r2", "c3"), names("cat"), attr("axis", 1L));
    b.node("MaxPool", names("cat"), names("p3"), attrInts("kernel_shape", 3, 3), attrInts("strides", 2, 2));
    b.node("GlobalAveragePool", names("p3"), names("g"));
    b.node("Flatten", names("g"), names("f"));
    weight(b, rnd, "fw", 10, 12);
    weight(b, rnd, "fb", 10);
    b.node("Gemm", names("f", "fw", "fb"), names("logits"), attr("transB", 1L));
    b.node("Softmax", names("logits"), names("y"), attr("axis", 1L));
    return b.untypedOutputs("y");
  }

  private static void weight(OnnxModelBuilder b, SplittableRandom rnd, String name, int... shape) {
    b.initializer(name, RandomTensors.uniform(rnd, -0.5f, 0.5f, shape).floats(),
        java.util.Arrays.stream(shape).asLongStream().toArray());
  }


  private static Plan compile(Graph g, Map<String, Tensor> feeds, Target target, boolean tasks) {
    Map<String, int[]> shapes = new TreeMap<>();
    feeds.forEach((k, v) -> shapes.put(k, v.shape()));
    return new Compiler().compile(g, target, Compiler.Options.defaults().withInputShapes(shapes).withTasks(tasks))
        .plan();
  }

  private static Map<String, Tensor> run(Plan plan, Map<String, Tensor> feeds) {
    try (OpenClExecutable e = OpenClExecutable.load(OpenClHarness.context(), plan,
        KernelBinaryCache.atDefaultLocation())) {
      return e.run(feeds).outputs();
    }
  }

  @Test
  void aSmallNetRunsAsFewerLaunchesAndComputesTheSame() {
    Target target = liveTarget();
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    Graph g = new OnnxImporter().load(smallNet(feeds).toBytes(), "small.onnx");
    Plan with = compile(g, feeds, target, true);
    Plan without = compile(g, feeds, target, false);
    List<Launch> tasks = with.launches().stream().filter(l -> l.kernelName().startsWith("task_")).toList();
    assertFalse(tasks.isEmpty(), "a 30 k MAC net on " + target.id() + ": " + with.launches());
    assertTrue(with.launches().size() < without.launches().size(),
        with.launches().size() + " launches with tasks, " + without.launches().size() + " without");
    assertEquals(without.launches().stream().flatMap(l -> l.onnxNodes().stream()).distinct().sorted().toList(),
        with.launches().stream().flatMap(l -> l.onnxNodes().stream()).distinct().sorted().toList(),
        "every ONNX node is still named by the launch that computes it");
    for (Launch t : tasks) {
      assertTrue(t.note().contains("single-work-item task"), t.note());
      assertEquals(1, t.globalSize()[0]);
    }
    Map<String, Tensor> expected = new ReferenceInterpreter().run(g, feeds);
    Map<String, Tensor> plain = run(without, feeds);
    Map<String, Tensor> tasked = run(with, feeds);
    expected.forEach((k, v) -> {
      TensorAssert.assertClose(v, tasked.get(k), 1e-4, 1e-5, k + " (tasks)");
      TensorAssert.assertClose(plain.get(k), tasked.get(k), 1e-6, 1e-7, k + " (tasks against launches)");
    });
  }

  /** The per-launch hooks (verify, the observer) see each task's surviving outputs at the reference's values. */
  @Test
  void theObserverSeesEachTasksOutputsAsTheReferenceHasThem() {
    Target target = liveTarget();
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    Graph g = new OnnxImporter().load(smallNet(feeds).toBytes(), "small.onnx");
    Plan plan = compile(g, feeds, target, true);
    Map<String, Tensor> values = new LinkedHashMap<>(feeds);
    new ReferenceInterpreter().run(g, feeds, (node, ins, outs) -> {
      for (int i = 0; i < outs.size(); i++) {
        values.put(node.outputs().get(i), outs.get(i));
      }
    });
    Map<String, Tensor> seen = new LinkedHashMap<>();
    try (OpenClExecutable e = OpenClExecutable.load(OpenClHarness.context(), plan,
        KernelBinaryCache.atDefaultLocation())) {
      e.run(feeds, new cnnx.host.device.RunHooks((i, kernel, nodes, written) -> seen.putAll(written), null, null));
    }
    assertTrue(seen.containsKey("y"), seen.keySet().toString());
    seen.forEach((name, t) -> {
      Tensor r = values.get(name);
      if (r != null && r.size() == t.size()) {
        TensorAssert.assertClose(r.reshape(t.shape()), t, 1e-4, 1e-5, name);
      }
    });
  }

  @Test
  void aBigConvStaysItsOwnLaunch() {
    Target target = liveTarget();
    SplittableRandom rnd = new SplittableRandom(9);
    OnnxModelBuilder b = new OnnxModelBuilder().opset(17);
    b.input("x", 1, 64, 56, 56);
    weight(b, rnd, "w", 64, 64, 3, 3);
    b.node("Conv", names("x", "w"), names("c"), attrInts("pads", 1, 1, 1, 1));
    b.node("Relu", names("c"), names("r"));
    b.node("GlobalAveragePool", names("r"), names("g"));
    b.node("Flatten", names("g"), names("f"));
    weight(b, rnd, "fw", 10, 64);
    b.node("Gemm", names("f", "fw"), names("logits"), attr("transB", 1L));
    b.node("Softmax", names("logits"), names("y"), attr("axis", 1L));
    Graph g = new OnnxImporter().load(b.untypedOutputs("y").toBytes(), "big.onnx");
    Map<String, Tensor> feeds = Map.of("x", Tensor.ofFloats(new int[] {1, 64, 56, 56}, new float[64 * 56 * 56]));
    Plan plan = compile(g, feeds, target, true);
    Launch first = plan.launches().get(plan.loadLaunches());
    assertFalse(first.kernelName().startsWith("task_"), "the 116 M MAC conv on one core: " + plan.launches());
  }

  /** The real-weight toy net in ../shared: one task, PyTorch's output. */
  @Test
  void theSharedToyNetMatchesPyTorch() {
    Target target = liveTarget();
    Path root = SharedData.root();
    Assumptions.assumeTrue(root != null, SharedData::absentReason);
    Path dir = root.resolve("onnx-models/cbrp_small");
    Assumptions.assumeTrue(Files.isDirectory(dir.resolve("test_data_set_0")), "no cbrp_small in " + root);
    Graph g = new OnnxImporter().load(dir.resolve("model.onnx"));
    Map<String, Tensor> in = BackendTestCase.inputs(g, dir.resolve("test_data_set_0"));
    List<Tensor> expected = BackendTestCase.expectedOutputs(dir.resolve("test_data_set_0"));
    Plan plan = compile(g, in, target, true);
    assertTrue(plan.launches().stream().anyMatch(l -> l.kernelName().startsWith("task_")), plan.launches().toString());
    Map<String, Tensor> actual = run(plan, in);
    List<Tensor> outs = List.copyOf(actual.values());
    for (int i = 0; i < expected.size(); i++) {
      TensorAssert.assertClose(expected.get(i), outs.get(i), 1e-4, 1e-5, "output " + i);
    }
  }
}
