package cnnx.host.kernels.elementwise;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomShapes;
import cnnx.compiler.testing.RandomTensors;
import cnnx.host.testing.OpenClHarness;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reduce ops over seeded random axes, keepdims and shapes, float and int64. */
class ReduceKernelsTest {
  private static final int INT64 = DataType.INT64.onnxCode();

  /** A random subset of the axes, each written positive or negative; may be empty. */
  private static long[] randomAxes(SplittableRandom rnd, int rank) {
    List<Long> axes = new ArrayList<>();
    for (int a = 0; a < rank; a++) {
      if (rnd.nextInt(2) == 0) {
        axes.add(rnd.nextBoolean() ? a : (long) a - rank);
      }
    }
    return axes.stream().mapToLong(Long::longValue).toArray();
  }

  private static Tensor input(String op, SplittableRandom rnd, int[] shape) {
    return switch (op) {
      // Near 1, so that products of up to ~100 elements stay in range.
      case "ReduceProd" -> RandomTensors.uniform(rnd, 0.7f, 1.4f, shape);
      default -> Cases.normal(rnd, 3, shape);
    };
  }

  /**
   * Float accumulation is in float where the reference uses double: with at most ~100 elements
   * per output the rounding stays within 1e-5 relative, except where a sum cancels to near zero;
   * atol 1e-5 covers that (about 100 ulp of the summed magnitudes, which are below ~300).
   */
  @ParameterizedTest
  @ValueSource(strings = {"ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1",
      "ReduceL2", "ReduceSumSquare", "ReduceLogSumExp"})
  void floatReductions(String op) {
    for (long seed = 1; seed <= 2; seed++) {
      SplittableRandom rnd = Cases.rnd(op, seed);
      int rank = rnd.nextInt(1, 5);
      int[] shape = RandomShapes.withOnes(rnd, rank, 6);
      long[] axes = randomAxes(rnd, rank);
      long keep = rnd.nextInt(2);
      OnnxModelBuilder b = new OnnxModelBuilder().opset(18).input("x", dims(shape))
          .initializerLongs("axes", axes, axes.length)
          .node(op, names("x", "axes"), names("y"), attr("keepdims", keep)).output("y");
      String what = op + " " + Arrays.toString(shape) + " axes " + Arrays.toString(axes) + " keepdims " + keep;
      Cases.check(what, b, Map.of("x", input(op, rnd, shape)), Cases.RTOL, 1e-5);
    }
  }

  /** Without axes every axis is reduced; with noop_with_empty_axes none is, but L1 still takes |x|. */
  @ParameterizedTest
  @ValueSource(strings = {"ReduceL1", "ReduceMax"})
  void emptyAxes(String op) {
    int[] shape = {3, 4, 5};
    SplittableRandom rnd = Cases.rnd(op + "-empty", 1);
    OnnxModelBuilder all = new OnnxModelBuilder().opset(18).input("x", dims(shape))
        .node(op, names("x"), names("y"), attr("keepdims", 0)).output("y");
    Tensor x = Cases.withSpecials(Cases.normal(rnd, 3, shape), Float.NaN);
    Cases.check(op + " all axes", all, Map.of("x", Cases.normal(rnd, 3, shape)), Cases.RTOL, 1e-5);
    Cases.check(op + " all axes with NaN", all, Map.of("x", x), Cases.RTOL, 1e-5);
    OnnxModelBuilder noop = new OnnxModelBuilder().opset(18).input("x", dims(shape))
        .node(op, names("x"), names("y"), attr("noop_with_empty_axes", 1)).output("y");
    Cases.check(op + " noop", noop, Map.of("x", x));
  }

  /** int64 reductions wrap as the reference's longs; the mean truncates toward zero. */
  @ParameterizedTest
  @ValueSource(strings = {"ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1",
      "ReduceSumSquare"})
  void integerReductions(String op) {
    SplittableRandom rnd = Cases.rnd(op + "-int", 1);
    int[] shape = {3, 2, 4};
    long[] axes = {0, -1};
    OnnxModelBuilder b = new OnnxModelBuilder().opset(18).typedInput("x", INT64, dims(shape))
        .initializerLongs("axes", axes, axes.length)
        .node(op, names("x", "axes"), names("y")).output("y", INT64);
    long bound = op.equals("ReduceProd") || op.equals("ReduceSumSquare") ? 1L << 40 : 1000;
    Cases.check(op + " int64", b, Map.of("x", RandomTensors.ints(rnd, DataType.INT64, -bound, bound, shape)));
  }

  /**
   * Axes computed at run time cannot be baked into the loops. (An input of ones keeps the output
   * shape static, so that the kernel, not shape specialisation, is what refuses.)
   */
  @Test
  void runtimeAxesAreUnsupported() {
    OpenClHarness.requireDevice();
    byte[] model = new OnnxModelBuilder().opset(18).input("x", 1, 1)
        .typedInput("axes", INT64, 1).node("ReduceSum", names("x", "axes"), names("y")).output("y").toBytes();
    var g = new OnnxImporter().load(model, "m");
    Map<String, Tensor> in = Map.of("x", Tensor.ofFloats(new int[] {1, 1}, new float[1]),
        "axes", Tensor.ofLongs(DataType.INT64, new int[] {1}, new long[] {1}));
    UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
        () -> OpenClHarness.runOnDevice(g, in, false));
    assertTrue(e.getMessage().contains("reducesum_0"), e.getMessage());
  }
}
