package cnnx.compiler.reliability;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.analysis.MemoryBudget;
import cnnx.compiler.analysis.MemoryEstimate;
import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.ops.OpRegistry;
import cnnx.compiler.pass.BindInputShapes;
import cnnx.compiler.pass.InferShapes;
import cnnx.compiler.testing.OnnxModelBuilder;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reference's peak memory is known before it runs: a doubling Concat chain over the budget is
 * refused before its first node, naming the largest tensors, and allocates next to nothing.
 */
class MemoryBudgetTest {
  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  /** x [1,32,32] doubled by Concat {@code steps} times (1 KiB of floats × 2^steps at the end). */
  private static Graph doublingChain(int steps) {
    OnnxModelBuilder b = new OnnxModelBuilder().input("x", 1L, 32L, 32L);
    String prev = "x";
    for (int i = 0; i < steps; i++) {
      b.node("Concat", names(prev, prev), names("c" + i), attr("axis", 0L));
      prev = "c" + i;
    }
    b.node("Neg", names(prev), names("y")).output("y");
    return new OnnxImporter().load(b.toBytes(), "chain.onnx");
  }

  @Test
  void theEstimateIsTheLiveSetAtThePeak() {
    Graph g = new InferShapes().apply(new BindInputShapes(Map.of()).apply(doublingChain(4)));
    // At Neg: c3 (16 Ki floats = 64 KiB) and y (64 KiB) live, plus Neg's scratch allowance (2 × 64 KiB).
    MemoryEstimate.Peak p = MemoryEstimate.referencePeak(g);
    assertEquals(4 * 16 * 1024 * 4, p.peakBytes());
    assertEquals("c3", p.largest().get(0).name());
  }

  @Test
  void aChainOverTheBudgetIsRefusedBeforeItRuns() {
    Graph g = doublingChain(16); // c15: 2^26 floats = 256 MiB; the peak with y and Neg's scratch is 1 GiB
    ReferenceInterpreter interp = new ReferenceInterpreter(OpRegistry.standard(), new MemoryBudget(64L << 20, "test"));
    Tensor x = Tensor.zeros(cnnx.compiler.ir.DataType.FLOAT, new int[] {1, 32, 32});
    long before = allocated();
    InvalidModelException e = assertThrows(InvalidModelException.class, () -> interp.run(g, Map.of("x", x)));
    long used = allocated() - before;
    assertTrue(e.getMessage().contains("1.0 GiB") && e.getMessage().contains("64.0 MiB (test)"), e.getMessage());
    assertTrue(e.getMessage().contains("c15") && e.getMessage().contains("y float[65536x32x32]"), e.getMessage());
    assertTrue(used < (8L << 20), "refusing allocated " + used + " bytes");
  }

  @Test
  void aChainUnderTheBudgetRunsAndMatches() {
    Graph g = doublingChain(3);
    ReferenceInterpreter interp = new ReferenceInterpreter(OpRegistry.standard(), new MemoryBudget(1L << 20, "test"));
    float[] data = new float[1024];
    for (int i = 0; i < data.length; i++) {
      data[i] = i + 1;
    }
    Tensor y = interp.run(g, Map.of("x", Tensor.ofFloats(new int[] {1, 32, 32}, data))).get("y");
    assertEquals(8 * 1024, y.size());
    for (int i = 0; i < y.size(); i++) {
      assertEquals(-(float) (i % 1024 + 1), y.floats()[i], "element " + i);
    }
  }

  @Test
  void sizesParseAndRefuseNonsense() {
    assertEquals(512L << 20, MemoryBudget.parse("512M"));
    assertEquals(3L << 29, MemoryBudget.parse("1.5GiB"));
    assertEquals(4096, MemoryBudget.parse("4096"));
    for (String bad : new String[] {"-1", "0", "NaN", "lots", "1e30G", ""}) {
      assertThrows(IllegalArgumentException.class, () -> MemoryBudget.parse(bad), bad);
    }
  }
}
