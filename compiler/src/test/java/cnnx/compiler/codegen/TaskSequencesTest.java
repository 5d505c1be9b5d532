package cnnx.compiler.codegen;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.boards.DeviceKind;
import cnnx.boards.KernelDialect;
import cnnx.boards.Target;
import cnnx.compiler.Compiler;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomTensors;
import cnnx.kernels.plan.Launch;
import cnnx.kernels.plan.Plan;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Which launches become tasks: on a live CPU target, the segments whose single-core time lost is below the launch
 * hand-offs they save; never on GPUs, presets or the generic target, nor without fusion or with tasks off. A task
 * names every node of its parts and lists only the outputs that survive it.
 */
class TaskSequencesTest {
  private static Target cpu(int units, String origin) {
    return new Target("test/cpu", DeviceKind.CPU, "test", "test CPU", units, 16, 1, 32 * 1024, 1, 4096, 100.0 * units,
        0, 0, 20, 1L << 32, "OpenCL 3.0", List.of(), KernelDialect.OPENCL_C, origin);
  }

  private static final Target LIVE = cpu(2, "live: test driver");

  /** Conv-Relu-MaxPool, a 1x1 conv, global pooling, Gemm, Softmax; {@code c} channels over 16x16. */
  private static Graph net(int c) {
    SplittableRandom rnd = new SplittableRandom(3);
    OnnxModelBuilder b = new OnnxModelBuilder().opset(17);
    b.input("x", 1, 3, 16, 16);
    weight(b, rnd, "w1", c, 3, 3, 3);
    b.node("Conv", names("x", "w1"), names("c1"), attrInts("pads", 1, 1, 1, 1));
    b.node("Relu", names("c1"), names("r1"));
    b.node("MaxPool", names("r1"), names("p1"), attrInts("kernel_shape", 3, 3), attrInts("strides", 2, 2));
    weight(b, rnd, "w2", c, c, 1, 1);
    b.node("Conv", names("p1", "w2"), names("c2"));
    b.node("GlobalAveragePool", names("c2"), names("g"));
    b.node("Flatten", names("g"), names("f"));
    weight(b, rnd, "fw", 10, c);
    b.node("Gemm", names("f", "fw"), names("logits"), attr("transB", 1L));
    b.node("Softmax", names("logits"), names("y"), attr("axis", 1L));
    return new OnnxImporter().load(b.untypedOutputs("y").toBytes(), "net.onnx");
  }

  private static void weight(OnnxModelBuilder b, SplittableRandom rnd, String name, int... shape) {
    b.initializer(name, RandomTensors.uniform(rnd, -0.5f, 0.5f, shape).floats(),
        java.util.Arrays.stream(shape).asLongStream().toArray());
  }


  private static List<Launch> tasks(Plan p) {
    return p.launches().stream().filter(l -> l.kernelName().startsWith("task_")).toList();
  }

  @Test
  void aSmallNetOnALiveCpuBecomesOneTaskThatNamesEveryNode() {
    Graph g = net(8);
    Plan without = new Compiler().compile(g, LIVE, Compiler.Options.defaults().withTasks(false)).plan();
    Plan with = new Compiler().compile(g, LIVE, Compiler.Options.defaults()).plan();
    assertTrue(without.launches().size() >= 4, without.launches().toString());
    assertEquals(1, with.launches().size(), with.launches().toString());
    Launch task = with.launches().get(0);
    assertEquals(without.launches().stream().flatMap(l -> l.onnxNodes().stream()).distinct().toList(),
        task.onnxNodes());
    assertTrue(task.note().startsWith(without.launches().size() + " launches as one single-work-item task"),
        task.note());
    assertEquals(1, with.programs().size(), "the parts' own programs are gone");
    String source = with.programs().get(0).source();
    for (Launch l : without.launches()) {
      assertTrue(source.contains("/* " + l.kernelName() + " over "), l.kernelName() + " is called");
    }
    // the plan's outputs survive the task; values overwritten in their slot inside it are not listed
    int y = with.outputs().get("y");
    assertTrue(task.outputs().contains(y));
    Set<Integer> slots = new HashSet<>();
    for (int id : task.outputs()) {
      assertTrue(slots.add(with.buffers().get(id).slot()), "two listed outputs share slot " + with.buffers().get(id));
    }
  }

  @Test
  void tasksNeedALiveCpuFusionAndNoOptOut() {
    Graph g = net(8);
    Target gpu = new Target("test/gpu", DeviceKind.GPU, "test", "test GPU", 80, 1, 32, 48 * 1024, 256, 1024,
        20000, 0, 0, 900, 1L << 34, "OpenCL 3.0", List.of(), KernelDialect.OPENCL_C, "live: test driver");
    assertTrue(tasks(new Compiler().compile(g, gpu, Compiler.Options.defaults()).plan()).isEmpty());
    assertTrue(tasks(new Compiler().compile(g, cpu(2, "preset"), Compiler.Options.defaults()).plan()).isEmpty());
    assertTrue(tasks(new Compiler().compile(g, Compiler.Options.defaults()).plan()).isEmpty(), "generic target");
    assertTrue(tasks(new Compiler().compile(g, LIVE, Compiler.Options.defaults().withFuse(false)).plan()).isEmpty());
    assertTrue(tasks(new Compiler().compile(g, LIVE, Compiler.Options.defaults().withTasks(false)).plan()).isEmpty());
  }

  @Test
  void aWideConvOnManyCoresStaysItsOwnLaunch() {
    Graph g = net(256); // the 1x1 conv: 256 x 256 x 64 = 4 M MACs, 60 µs on one of 32 cores
    Plan p = new Compiler().compile(g, cpu(32, "live: test driver"), Compiler.Options.defaults()).plan();
    Launch conv1x1 = p.launches().stream().filter(l -> l.onnxNodes().stream().anyMatch(n -> n.startsWith("conv_")))
        .reduce((a, b) -> b).orElseThrow();
    assertFalse(conv1x1.kernelName().startsWith("task_"), p.launches().toString());
    assertTrue(p.launches().size() >= 2, p.launches().toString());
  }

  @Test
  void everywhereMergesEveryQualifyingRun() {
    Graph g = net(256);
    Plan p = new Compiler().compile(g, Compiler.Options.defaults()).plan();
    Plan all = TaskSequences.everywhere(p);
    assertEquals(1, all.launches().size(), all.launches().toString());
    assertEquals(p.buffers(), all.buffers());
    assertEquals(p.slotBytes(), all.slotBytes());
  }
}
