package cnnx.kernels.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The traffic estimate on hand-built plans, against byte counts worked out by hand. */
class PlanTrafficTest {
  private static final int X = 0; // input 1×3×4×4
  private static final int W = 1; // conv weight 8×3×3×3
  private static final int B = 2; // conv bias 8
  private static final int Y = 3; // output 1×8×4×4

  /** Conv+BatchNorm+Relu in one launch: the input, the weights and the bias read, the output written. */
  @Test
  void fusedConvReadsInputAndWeightsAndWritesItsOutput() {
    PlanBuilder p = convBlock();
    p.launch("conv_bn_relu", List.of(X, W, B), Y);
    PlanTraffic t = PlanTraffic.of(p.build(0));
    assertEquals(1, t.launches());
    assertEquals((48 + 216 + 8) * 4, t.readBytes());
    assertEquals((216 + 8) * 4, t.constantReadBytes());
    assertEquals(128 * 4, t.writtenBytes());
    assertEquals((48 + 216 + 8 + 128) * 4, t.bytes());
    assertEquals("1.60 kB (reads 1.09, of which constants 0.90; writes 0.51)", t.describe());
    assertTrue(PlanPrinter.print(p.build(0)).contains("\nestimated DRAM traffic per run: 1.60 kB (reads 1.09,"));
  }

  /** The same unfused: the conv's and the BatchNorm's outputs are written and read back once each. */
  @Test
  void unfusedPlanAlsoWritesAndRereadsEveryIntermediate() {
    PlanBuilder p = convBlock();
    int c = p.buffer("c", 128);
    int n = p.buffer("n", 128);
    int scale = p.constant("scale", 8);
    int shift = p.constant("shift", 8);
    int mean = p.constant("mean", 8);
    int var = p.constant("var", 8);
    p.launch("conv", List.of(X, W, B), c);
    p.launch("batchnorm", List.of(c, scale, shift, mean, var), n);
    p.launch("relu", List.of(n), Y);
    PlanTraffic t = PlanTraffic.of(p.build(0));
    assertEquals(3, t.launches());
    assertEquals((48 + 216 + 8) * 4 + (128 + 4 * 8) * 4 + 128 * 4, t.readBytes());
    assertEquals((216 + 8 + 4 * 8) * 4, t.constantReadBytes());
    assertEquals(3 * 128 * 4, t.writtenBytes());
    // fused moves input + weights + output; unfused two intermediates more, each written and read, and BN's params
    long fused = (48 + 216 + 8 + 128) * 4;
    assertEquals(fused + 2 * (2 * 128 * 4) + 4 * 8 * 4, t.bytes());
  }

  @Test
  void aBufferPassedTwiceToOneLaunchIsReadOnce() {
    PlanBuilder p = convBlock();
    p.launch("add_self", List.of(X, X), Y);
    assertEquals(48 * 4 + 128 * 4, PlanTraffic.of(p.build(0)).bytes());
  }

  /** Two convs writing their channel slices of one Concat output: the output counted once, as its slices add up. */
  @Test
  void concatWrittenInPlaceCountsEachSliceOnce() {
    PlanBuilder p = convBlock();
    int w2 = p.constant("w2", 216);
    int cat = p.buffer("cat", 256);
    p.launch("conv_a", List.of(X, W, B), cat);
    p.launch("conv_b", List.of(X, w2, B), cat);
    PlanTraffic t = PlanTraffic.of(p.build(0));
    assertEquals(2 * (48 + 216 + 8) * 4, t.readBytes());
    assertEquals(256 * 4, t.writtenBytes());
  }

  /** A launch run once at load time costs nothing per run; what it wrote is read as a constant. */
  @Test
  void loadTimeLaunchesAreLeftOutAndTheirResultsAreConstants() {
    PlanBuilder p = convBlock();
    int filled = p.buffer("filled", 216);
    p.launch("fill", List.of(W), filled);
    p.launch("conv", List.of(X, filled, B), Y);
    PlanTraffic t = PlanTraffic.of(p.build(1));
    assertEquals(1, t.launches());
    assertEquals((48 + 216 + 8) * 4, t.readBytes());
    assertEquals((216 + 8) * 4, t.constantReadBytes());
    assertEquals(128 * 4, t.writtenBytes());
  }

  @Test
  void int64BuffersCountEightBytesAnElement() {
    PlanBuilder p = new PlanBuilder();
    int idx = p.buffer("indices", 10, ElementType.LONG);
    int out = p.buffer("out", 10);
    p.launch("gather", List.of(idx), out);
    assertEquals(10 * 8 + 10 * 4, PlanTraffic.of(p.build(0)).bytes());
  }

  private static PlanBuilder convBlock() {
    PlanBuilder p = new PlanBuilder();
    p.buffer("x", 48);
    p.constant("w", 216);
    p.constant("b", 8);
    p.buffer("y", 128);
    return p;
  }

  /** Buffers and launches of a plan; scalar arguments, programs and slots do not matter here. */
  private static final class PlanBuilder {
    private final List<BufferSpec> buffers = new ArrayList<>();
    private final Map<Integer, Object> constants = new HashMap<>();
    private final List<Launch> launches = new ArrayList<>();

    int buffer(String name, int elements) {
      return buffer(name, elements, ElementType.FLOAT);
    }

    int buffer(String name, int elements, ElementType type) {
      int id = buffers.size();
      buffers.add(new BufferSpec(id, name, type, elements, id, new int[] {elements}, type == ElementType.LONG ? 7 : 1));
      return id;
    }

    int constant(String name, int elements) {
      int id = buffer(name, elements);
      constants.put(id, new float[elements]);
      return id;
    }

    void launch(String kernel, List<Integer> inputs, int output) {
      List<KernelArg> args = new ArrayList<>();
      inputs.forEach(b -> args.add(new KernelArg.Buffer(b)));
      args.add(new KernelArg.Int(7));
      args.add(new KernelArg.Buffer(output));
      launches.add(new Launch(kernel, 0, args, new long[] {1}, null, List.of(kernel), List.of(output), ""));
    }

    Plan build(int loadLaunches) {
      List<Long> slots = buffers.stream().map(BufferSpec::bytes).toList();
      return new Plan(List.of(), buffers, slots, constants, Map.of(), Map.of(), List.of(), List.of(), launches,
          PlanOrigin.unknown(), loadLaunches);
    }
  }
}
