package cnnx.compiler.ops.elementwise;

import static cnnx.compiler.ops.elementwise.OracleHarness.FLOAT;
import static cnnx.compiler.ops.elementwise.OracleHarness.INT64;
import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.OracleRun;
import cnnx.compiler.testing.RandomShapes;
import cnnx.compiler.testing.RandomTensors;
import cnnx.compiler.testing.TensorAssert;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every Reduce op against ONNX Runtime over seeded random shapes (rank 0 to 4), axes (absent,
 * empty, subsets with negative forms, all; constant or fed at run time), keepdims and
 * noop_with_empty_axes.
 */
class ReduceOpsOracleTest {
  static final List<String> ALL = List.of("ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd",
      "ReduceL1", "ReduceL2", "ReduceSumSquare", "ReduceLogSumExp");

  /** How the axes reach the node. */
  enum AxesForm {
    ABSENT,
    CONSTANT,
    RUNTIME_INPUT
  }

  record Config(int[] shape, long[] axes, AxesForm form, long keepdims, long noop) {
    int outRank() {
      boolean empty = axes == null || axes.length == 0;
      if (keepdims == 1 || (empty && noop == 1)) {
        return shape.length;
      }
      return empty ? 0 : shape.length - axes.length;
    }

    @Override
    public String toString() {
      return Arrays.toString(shape) + " axes " + (axes == null ? "absent" : Arrays.toString(axes))
          + " " + form + " keepdims " + keepdims + " noop " + noop;
    }
  }

  static byte[] model(Config c, List<String> ops, int type) {
    OnnxModelBuilder m = new OnnxModelBuilder().opset(21).typedInput("x", type, dims(c.shape));
    List<String> in = names("x");
    if (c.form == AxesForm.CONSTANT) {
      m.initializerLongs("axes", c.axes, c.axes.length);
      in.add("axes");
    } else if (c.form == AxesForm.RUNTIME_INPUT) {
      m.typedInput("axes", INT64, c.axes.length);
      in.add("axes");
    }
    for (String op : ops) {
      String y = op.toLowerCase();
      m.node(op, in, names(y), attr("keepdims", c.keepdims), attr("noop_with_empty_axes", c.noop));
      m.rankedOutput(y, c.outRank(), type);
    }
    return m.toBytes();
  }

  static Map<String, Tensor> inputs(Config c, Tensor x) {
    Map<String, Tensor> in = new HashMap<>();
    in.put("x", x);
    if (c.form == AxesForm.RUNTIME_INPUT) {
      in.put("axes", Tensor.vector(c.axes));
    }
    return in;
  }

  /** A random non-empty subset of the axes, each given positive or negative. */
  static long[] randomAxes(SplittableRandom rnd, int rank) {
    List<Long> axes = new ArrayList<>();
    for (int a = 0; a < rank; a++) {
      if (rnd.nextBoolean()) {
        axes.add(rnd.nextBoolean() ? a : (long) a - rank);
      }
    }
    if (axes.isEmpty()) {
      int a = rnd.nextInt(rank);
      axes.add(rnd.nextBoolean() ? a : (long) a - rank);
    }
    Collections.shuffle(axes, new Random(rnd.nextLong()));
    return axes.stream().mapToLong(Long::longValue).toArray();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4})
  void subsetsOfAxesMatchOrt(int rank) {
    for (long seed = 1; seed <= 6; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed * 7 + rank);
      int[] shape = RandomShapes.withOnes(rnd, rank, 5);
      Tensor x = RandomTensors.normal(rnd, shape);
      long keep = seed % 2;
      List<Config> configs = new ArrayList<>();
      configs.add(new Config(shape, null, AxesForm.ABSENT, keep, 0));
      configs.add(new Config(shape, new long[0], AxesForm.CONSTANT, keep, 0));
      if (rank > 0) {
        AxesForm form = seed % 3 == 0 ? AxesForm.RUNTIME_INPUT : AxesForm.CONSTANT;
        configs.add(new Config(shape, randomAxes(rnd, rank), form, keep, rnd.nextInt(2)));
        long[] all = new long[rank];
        for (int a = 0; a < rank; a++) {
          all[a] = a;
        }
        configs.add(new Config(shape, all, AxesForm.CONSTANT, keep, 1));
      }
      for (Config c : configs) {
        OracleHarness.assertMatchesOrt(model(c, ALL, FLOAT), inputs(c, x), c + " seed " + seed);
      }
    }
  }

  /**
   * noop_with_empty_axes with empty or absent axes: each output element reduces the one-element
   * set of its input element. ReduceSum, Mean, Max, Min, Prod and LogSumExp then return the
   * input, which ONNX Runtime agrees with.
   */
  @ParameterizedTest
  @ValueSource(longs = {0, 1})
  void noopWithEmptyAxesKeepsTheInput(long keep) {
    SplittableRandom rnd = new SplittableRandom(keep + 3);
    int[] shape = {3, 1, 4};
    Tensor x = RandomTensors.normal(rnd, shape);
    List<String> identities = List.of("ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd",
        "ReduceLogSumExp");
    for (Config c : List.of(new Config(shape, new long[0], AxesForm.CONSTANT, keep, 1),
        new Config(shape, new long[0], AxesForm.RUNTIME_INPUT, keep, 1))) {
      OracleHarness.assertMatchesOrt(model(c, identities, FLOAT), inputs(c, x), c.toString());
    }
  }

  /**
   * The element-wise part of ReduceSumSquare, ReduceL1 and ReduceL2 still applies under
   * noop_with_empty_axes, as the ONNX spec (and its reference implementation since onnx#7394)
   * define; ONNX Runtime 1.23 returns the input unchanged, so the expectation here is direct.
   */
  @Test
  void noopWithEmptyAxesAppliesTheElementTransform() {
    int[] shape = {2, 3};
    float[] v = {-1.5f, 2f, 0f, -0.25f, 3f, -4f};
    Tensor x = Tensor.ofFloats(shape, v);
    Config c = new Config(shape, new long[0], AxesForm.CONSTANT, 1, 1);
    Map<String, Tensor> out = OracleRun.reference(model(c, List.of("ReduceSumSquare", "ReduceL1", "ReduceL2"), FLOAT),
        inputs(c, x)).outputs();
    float[] sq = new float[v.length];
    float[] abs = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      sq[i] = v[i] * v[i];
      abs[i] = Math.abs(v[i]);
    }
    TensorAssert.assertClose(Tensor.ofFloats(shape, sq), out.get("reducesumsquare"), 0, 0, "SumSquare");
    TensorAssert.assertClose(Tensor.ofFloats(shape, abs), out.get("reducel1"), 0, 0, "L1");
    TensorAssert.assertClose(Tensor.ofFloats(shape, abs), out.get("reducel2"), 0, 0, "L2");
  }

  /** Large values: LogSumExp subtracts the maximum, so it stays finite where exp overflows. */
  @Test
  void logSumExpOfLargeValues() {
    SplittableRandom rnd = new SplittableRandom(9);
    int[] shape = {3, 5, 4};
    Tensor x = UnaryOpsOracleTest.scaled(RandomTensors.normal(rnd, shape), 200);
    Config c = new Config(shape, new long[] {1}, AxesForm.CONSTANT, 0, 0);
    OracleHarness.assertMatchesOrt(model(c, List.of("ReduceLogSumExp", "ReduceMax"), FLOAT), inputs(c, x), c.toString());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void int64ReductionsMatchOrt(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = 1 + rnd.nextInt(4);
    int[] shape = RandomShapes.withOnes(rnd, rank, 4);
    Tensor x = RandomTensors.ints(rnd, DataType.INT64, -9, 9, shape);
    Config c = new Config(shape, randomAxes(rnd, rank), AxesForm.CONSTANT, seed % 2, 0);
    List<String> ops = List.of("ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd",
        "ReduceL1", "ReduceSumSquare");
    OracleHarness.assertMatchesOrt(model(c, ops, INT64), inputs(c, x), c + " int64");
  }

  /** Reducing a dim of size 0: the identity of each reduction (NaN for the mean). */
  @Test
  void emptyReductions() {
    int[] shape = {2, 0, 3};
    Tensor x = Tensor.ofFloats(shape, new float[0]);
    Config c = new Config(shape, new long[] {1}, AxesForm.CONSTANT, 1, 0);
    Map<String, Tensor> out = OracleRun.reference(model(c, ALL, FLOAT), inputs(c, x)).outputs();
    Map<String, Float> expected = Map.of("reducesum", 0f, "reducemean", Float.NaN,
        "reducemax", Float.NEGATIVE_INFINITY, "reducemin", Float.POSITIVE_INFINITY, "reduceprod", 1f,
        "reducel1", 0f, "reducel2", 0f, "reducesumsquare", 0f, "reducelogsumexp", Float.NEGATIVE_INFINITY);
    expected.forEach((name, v) -> {
      float[] a = new float[6];
      Arrays.fill(a, v);
      TensorAssert.assertClose(Tensor.ofFloats(new int[] {2, 1, 3}, a), out.get(name), 0, 0, name);
    });
  }
}
