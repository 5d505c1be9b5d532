package cnnx.compiler.reliability;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.Compiler;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.kernels.plan.KernelSource;
import cnnx.kernels.plan.Launch;
import cnnx.kernels.plan.Plan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Compile work stays linear in the model: a Concat of thousands of inputs and a chain of tens of
 * thousands of element ops become plans whose kernels each take a bounded number of buffers and
 * nodes, with a bounded number of distinct programs, so neither cnnx nor the device's compiler
 * sees code that grows with the fan-in or the chain. Sizes: {@code cnnx.scale.fanIn} (default
 * 10,000) and {@code cnnx.scale.chain} (default 10,000; 99,990 is the longest the node limit allows).
 */
class CompileScaleTest {
  static final int FAN_IN = Integer.getInteger("cnnx.scale.fanIn", 10_000);
  static final int CHAIN = Integer.getInteger("cnnx.scale.chain", 10_000);

  /** Concat along axis 0 of {@code n} distinct inputs [1,2]. */
  static OnnxModelBuilder fanIn(int n) {
    OnnxModelBuilder b = new OnnxModelBuilder();
    List<String> ins = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      b.input("x" + i, 1L, 2L);
      ins.add("x" + i);
    }
    return b.node("Concat", ins, names("y"), attr("axis", 0L)).output("y");
  }

  /** Relu, Neg, Abs, Relu, ... {@code n} long on [1,8]. */
  static OnnxModelBuilder chain(int n) {
    OnnxModelBuilder b = new OnnxModelBuilder().input("x", 1L, 8L);
    String prev = "x";
    for (int i = 0; i < n; i++) {
      String op = i % 3 == 0 ? "Relu" : i % 3 == 1 ? "Neg" : "Abs";
      b.node(op, names(prev), names("v" + i));
      prev = "v" + i;
    }
    return b.output(prev);
  }

  private static Plan compile(Graph g, String what) {
    long t0 = System.nanoTime();
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    Plan p = new Compiler().compile(g, Compiler.Options.defaults()).plan();
    // Printed, not asserted: the figures docs/reliability.md quotes (CPU time is steadier on a shared machine).
    System.out.printf("%s: compiled in %.2f s (%.2f s CPU): %d launches, %d programs, %d source bytes%n", what,
        (System.nanoTime() - t0) / 1e9, (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9, p.launches().size(),
        p.programs().size(), p.programs().stream().mapToLong(k -> k.source().length()).sum());
    return p;
  }

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

  /** Bytes compiling a chain of {@code n} allocates on this thread: the compiler's work, counted. */
  private static long allocatedCompiling(int n) {
    Graph g = new OnnxImporter().load(chain(n).toBytes(), "chain.onnx");
    long before = THREADS.getCurrentThreadAllocatedBytes();
    new Compiler().compile(g, Compiler.Options.defaults());
    return THREADS.getCurrentThreadAllocatedBytes() - before;
  }

  /**
   * Compile work grows linearly with the chain, counted in bytes allocated rather than timed: eight times the
   * nodes may allocate at most ten times as much (the JIT's escape analysis moves the figure a little). Typing
   * each fused kernel used to copy the whole graph's type map, which made it quadratic.
   */
  @Test
  void compileWorkIsLinearInTheChain() {
    allocatedCompiling(500); // loads and compiles the classes involved, so that they are not counted below
    long small = allocatedCompiling(5_000);
    long large = allocatedCompiling(40_000);
    System.out.printf("compiling chains of 5,000 and 40,000 nodes allocated %,d and %,d bytes (x%.2f)%n", small,
        large, (double) large / small);
    assertTrue(large < 10 * small, "8x the nodes allocated " + large + " bytes, " + small + " for the smaller chain");
  }

  @Test
  void aWideConcatBecomesATreeOfSmallKernelsAndKeepsItsValues() {
    Graph g = new OnnxImporter().load(fanIn(FAN_IN).toBytes(), "fan-in.onnx");
    Plan p = compile(g, "Concat of " + FAN_IN);
    for (Launch l : p.launches()) {
      assertTrue(l.args().size() <= 33 + 4, l.kernelName() + " takes " + l.args().size() + " arguments");
    }
    assertTrue(p.programs().size() <= 8, p.programs().size() + " programs");
    for (KernelSource k : p.programs()) {
      assertTrue(k.source().length() < 64 << 10, "a program of " + k.source().length() + " bytes");
    }
    Map<String, Tensor> in = new LinkedHashMap<>();
    float[] expected = new float[2 * FAN_IN];
    for (int i = 0; i < FAN_IN; i++) {
      in.put("x" + i, Tensor.ofFloats(new int[] {1, 2}, new float[] {i, -i}));
      expected[2 * i] = i;
      expected[2 * i + 1] = -i;
    }
    Tensor y = new ReferenceInterpreter().run(g, in).get("y");
    assertTrue(java.util.Arrays.equals(expected, y.floats()), "reference concat");
  }

  @Test
  void aLongChainBecomesBoundedKernelsSharingFewPrograms() {
    Graph g = new OnnxImporter().load(chain(CHAIN).toBytes(), "chain.onnx");
    Plan p = compile(g, "chain of " + CHAIN);
    int covered = 0;
    for (Launch l : p.launches()) {
      assertTrue(l.onnxNodes().size() <= 64, l.kernelName() + " covers " + l.onnxNodes().size() + " nodes");
      covered += l.onnxNodes().size();
    }
    assertEquals(CHAIN, covered, "every node in exactly one launch");
    assertTrue(p.programs().size() <= 8, p.programs().size() + " programs");
  }
}
