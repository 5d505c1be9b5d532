package cnnx.host.kernels.tensor;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static cnnx.host.kernels.tensor.TensorKernelChecks.FLOAT;
import static cnnx.host.kernels.tensor.TensorKernelChecks.INT64;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomShapes;
import cnnx.compiler.testing.RandomTensors;
import cnnx.host.testing.OpenClHarness;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ArgMax/ArgMin, TopK, CumSum, GatherElements, GatherND, ScatterElements and ScatterND kernels on the
 * device against the reference interpreter, on seeded random shapes; indices are run-time inputs
 * (negative ones included), values coarse so that ties happen. Selections are exact; sums within
 * 1e-5.
 */
class IndexingKernelsTest {
  private static OnnxModelBuilder model() {
    return new OnnxModelBuilder().opset(21).irVersion(10);
  }

  private static Tensor coarse(SplittableRandom rnd, int[] shape) {
    float[] v = new float[Shapes.size(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextInt(-4, 5) * 0.5f;
    }
    return Tensor.ofFloats(shape, v);
  }

  private static Tensor indices(SplittableRandom rnd, int[] shape, int dim) {
    long[] v = new long[Shapes.size(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextInt(-dim, dim);
    }
    return Tensor.ofLongs(shape, v);
  }

  private static void check(OnnxModelBuilder b, Map<String, Tensor> in, String what) {
    try {
      OpenClHarness.assertMatchesReference(b.toBytes(), in, 1e-5, 1e-5);
    } catch (AssertionError e) {
      throw new AssertionError(what + ": " + e.getMessage(), e);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void argTopKCumSum(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] shape = RandomShapes.withOnes(rnd, 1 + rnd.nextInt(4), 6);
    int axis = rnd.nextInt(shape.length);
    long k = rnd.nextInt(shape[axis] + 1);
    OnnxModelBuilder b = model().typedInput("x", FLOAT, dims(shape)).typedInput("l", INT64, dims(shape))
        .initializerLongs("k", new long[] {k}, 1).initializerLongs("axis", new long[] {axis})
        .node("ArgMax", names("x"), names("amax"), attr("axis", (long) axis), attr("select_last_index", seed % 2))
        .node("ArgMin", names("x"), names("amin"), attr("axis", (long) axis), attr("keepdims", 0L))
        .node("TopK", names("x", "k"), names("tv", "ti"), attr("axis", (long) axis), attr("largest", seed % 2))
        .node("TopK", names("l", "k"), names("lv", "li"), attr("axis", (long) axis))
        .node("CumSum", names("x", "axis"), names("cs"), attr("exclusive", seed % 2), attr("reverse", seed / 2 % 2))
        .node("CumSum", names("l", "axis"), names("lcs"), attr("reverse", seed % 2))
        .output("amax", INT64).output("amin", INT64).output("tv").output("ti", INT64).output("lv", INT64)
        .output("li", INT64).output("cs").output("lcs", INT64);
    check(b, Map.of("x", coarse(rnd, shape), "l", RandomTensors.ints(rnd, DataType.INT64, -3, 3, shape)),
        "Arg/TopK/CumSum " + Arrays.toString(shape) + " axis " + axis + " k " + k);
  }

  /**
   * CumSum's axis fed at run time (scalar int32 or one-element int64, negative ones included): one compiled
   * kernel serves every axis, each run matching the reference.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2})
  void cumSumRunTimeAxis(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] shape = RandomShapes.withOnes(rnd, 3, 5);
    boolean scalar = seed == 1;
    int axisType = scalar ? DataType.INT32.onnxCode() : INT64;
    OnnxModelBuilder b = model().typedInput("x", FLOAT, dims(shape))
        .typedInput("axis", axisType, scalar ? new long[0] : new long[] {1})
        .node("CumSum", names("x", "axis"), names("cs"), attr("exclusive", seed % 2), attr("reverse", seed / 2 % 2))
        .output("cs");
    Tensor x = coarse(rnd, shape);
    for (long axis = -shape.length; axis < shape.length; axis++) {
      Tensor a = scalar ? Tensor.ofLongs(DataType.INT32, new int[0], new long[] {axis})
          : Tensor.ofLongs(new int[] {1}, new long[] {axis});
      check(b, Map.of("x", x, "axis", a), "CumSum " + Arrays.toString(shape) + " run-time axis " + axis);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void gatherAndScatter(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] data = RandomShapes.withOnes(rnd, 2 + rnd.nextInt(3), 5);
    int axis = rnd.nextInt(data.length);
    int[] idxShape = data.clone();
    for (int a = 0; a < idxShape.length; a++) {
      idxShape[a] = rnd.nextInt(1, data[a] + 1);
    }
    String reduction = new String[] {"none", "add", "mul", "max", "min"}[(int) seed - 1];
    int k = rnd.nextInt(1, data.length + 1);
    int[] ndIdx = {rnd.nextInt(1, 4), k};
    int[] ndUpd = new int[1 + data.length - k];
    ndUpd[0] = ndIdx[0];
    System.arraycopy(data, k, ndUpd, 1, data.length - k);
    long[] ndValues = new long[ndIdx[0] * k];
    for (int i = 0; i < ndValues.length; i++) {
      int dim = data[i % k];
      ndValues[i] = rnd.nextInt(-dim, dim);
    }
    OnnxModelBuilder b = model().typedInput("x", FLOAT, dims(data)).typedInput("i", INT64, dims(idxShape))
        .typedInput("u", FLOAT, dims(idxShape)).typedInput("ni", INT64, dims(ndIdx)).typedInput("nu", FLOAT, dims(ndUpd))
        .node("GatherElements", names("x", "i"), names("ge"), attr("axis", (long) axis))
        .node("ScatterElements", names("x", "i", "u"), names("se"), attr("axis", (long) axis),
            attr("reduction", reduction))
        .node("GatherND", names("x", "ni"), names("gn"))
        .node("ScatterND", names("x", "ni", "nu"), names("sn"), attr("reduction", reduction))
        .output("ge").output("se").output("gn").output("sn");
    Map<String, Tensor> in = new HashMap<>();
    in.put("x", RandomTensors.normal(rnd, data));
    in.put("i", indices(rnd, idxShape, data[axis]));
    in.put("u", RandomTensors.normal(rnd, idxShape));
    in.put("ni", Tensor.ofLongs(ndIdx, ndValues));
    in.put("nu", RandomTensors.normal(rnd, ndUpd));
    check(b, in, "Gather/Scatter " + Arrays.toString(data) + " axis " + axis + " " + reduction);
  }
}
