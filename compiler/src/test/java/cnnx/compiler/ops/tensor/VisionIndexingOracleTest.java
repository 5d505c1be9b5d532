package cnnx.compiler.ops.tensor;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.OracleRun;
import cnnx.compiler.testing.RandomShapes;
import cnnx.compiler.testing.RandomTensors;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ArgMax/ArgMin, TopK, CumSum, GatherElements, GatherND, ScatterElements and ScatterND against
 * ONNX Runtime on seeded random shapes, attributes and indices (negative ones included).
 */
class VisionIndexingOracleTest {
  private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
  private static final int INT64 = TensorProto.DataType.INT64_VALUE;
  private static final long[] SEEDS = {1, 2, 3, 4, 5, 6};

  private static OnnxModelBuilder model() {
    return new OnnxModelBuilder().opset(21).irVersion(10);
  }

  /** Values from a small set, so that ties are frequent. */
  private static Tensor coarse(SplittableRandom rnd, int[] shape) {
    float[] v = new float[Shapes.size(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextInt(-4, 5) * 0.5f;
    }
    return Tensor.ofFloats(shape, v);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void argMaxArgMin(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] shape = RandomShapes.withOnes(rnd, 1 + rnd.nextInt(4), 6);
    long axis = rnd.nextInt(-shape.length, shape.length);
    long keep = rnd.nextInt(2);
    long last = rnd.nextInt(2);
    OnnxModelBuilder b = model().typedInput("x", FLOAT, dims(shape));
    for (String op : new String[] {"ArgMax", "ArgMin"}) {
      b.node(op, names("x"), names(op), attr("axis", axis), attr("keepdims", keep), attr("select_last_index", last));
      b.rankedOutput(op, keep == 1 ? shape.length : shape.length - 1, INT64);
    }
    OracleRun.compare(b.toBytes(), Map.of("x", coarse(rnd, shape)), 0, 0,
        "Arg " + Arrays.toString(shape) + " axis " + axis + " keepdims " + keep + " last " + last);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void topK(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] shape = RandomShapes.withOnes(rnd, 1 + rnd.nextInt(4), 7);
    int axis = rnd.nextInt(shape.length);
    long k = rnd.nextInt(shape[axis] + 1);
    long largest = rnd.nextInt(2);
    Tensor x = seed % 2 == 0 ? RandomTensors.normal(rnd, shape) : coarse(rnd, shape);
    OnnxModelBuilder b = model().typedInput("x", FLOAT, dims(shape)).initializerLongs("k", new long[] {k}, 1)
        .node("TopK", names("x", "k"), names("v", "i"), attr("axis", (long) axis - (seed % 3 == 0 ? shape.length : 0)),
            attr("largest", largest))
        .rankedOutput("v", shape.length).rankedOutput("i", shape.length, INT64);
    OracleRun.compare(b.toBytes(), Map.of("x", x), 0, 0,
        "TopK " + Arrays.toString(shape) + " axis " + axis + " k " + k + " largest " + largest);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void cumSum(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] shape = RandomShapes.withOnes(rnd, 1 + rnd.nextInt(4), 6);
    long axis = rnd.nextInt(-shape.length, shape.length);
    OnnxModelBuilder b = model().typedInput("x", FLOAT, dims(shape)).typedInput("l", INT64, dims(shape))
        .initializerLongs("axis", new long[] {axis})
        .node("CumSum", names("x", "axis"), names("y"), attr("exclusive", seed % 2), attr("reverse", seed / 2 % 2))
        .node("CumSum", names("l", "axis"), names("yl"), attr("exclusive", seed / 2 % 2), attr("reverse", seed % 2))
        .rankedOutput("y", shape.length).rankedOutput("yl", shape.length, INT64);
    OracleRun.compare(b.toBytes(), Map.of("x", RandomTensors.normal(rnd, shape),
        "l", RandomTensors.ints(rnd, DataType.INT64, -1000, 1000, shape)), 1e-5, 1e-5,
        "CumSum " + Arrays.toString(shape) + " axis " + axis);
  }

  /** Indices in [-dim, dim) along the axis, for an index tensor of the given shape. */
  private static Tensor indices(SplittableRandom rnd, int[] shape, int dim) {
    long[] v = new long[Shapes.size(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextInt(-dim, dim);
    }
    return Tensor.ofLongs(shape, v);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void gatherAndScatterElements(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] data = RandomShapes.withOnes(rnd, 1 + rnd.nextInt(4), 6);
    int axis = rnd.nextInt(data.length);
    int[] idxShape = data.clone();
    for (int a = 0; a < idxShape.length; a++) {
      idxShape[a] = a == axis ? rnd.nextInt(1, 6) : rnd.nextInt(1, data[a] + 1);
    }
    // Scatter needs indices no longer than data along the axis, and (for "none") no duplicates to be defined.
    int[] scatterShape = idxShape.clone();
    scatterShape[axis] = Math.min(idxShape[axis], data[axis]);
    String reduction = new String[] {"add", "mul", "max", "min", "none", "add"}[(int) seed - 1];
    Tensor scatterIdx = reduction.equals("none") ? permutedIndices(rnd, scatterShape, axis, data[axis])
        : indices(rnd, scatterShape, data[axis]);
    OnnxModelBuilder b = model().typedInput("x", FLOAT, dims(data)).typedInput("gi", INT64, dims(idxShape))
        .typedInput("si", INT64, dims(scatterShape)).typedInput("u", FLOAT, dims(scatterShape))
        .node("GatherElements", names("x", "gi"), names("g"), attr("axis", (long) axis))
        .node("ScatterElements", names("x", "si", "u"), names("s"), attr("axis", (long) axis),
            attr("reduction", reduction))
        .rankedOutput("g", data.length).rankedOutput("s", data.length);
    Map<String, Tensor> in = new HashMap<>();
    in.put("x", RandomTensors.normal(rnd, data));
    in.put("gi", indices(rnd, idxShape, data[axis]));
    in.put("si", scatterIdx);
    in.put("u", RandomTensors.normal(rnd, scatterShape));
    OracleRun.compare(b.toBytes(), in, 1e-5, 1e-5, "Gather/ScatterElements " + Arrays.toString(data) + " axis "
        + axis + " " + reduction);
  }

  /** Along the axis, distinct indices (a shuffled prefix of 0..dim-1, half of them negative). */
  private static Tensor permutedIndices(SplittableRandom rnd, int[] shape, int axis, int dim) {
    long[] v = new long[Shapes.size(shape)];
    int[] strides = Shapes.strides(shape);
    int outer = Shapes.product(shape, 0, axis);
    int inner = Shapes.product(shape, axis + 1, shape.length);
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int[] perm = rnd.ints(0, Integer.MAX_VALUE).limit(dim).toArray();
        Integer[] order = new Integer[dim];
        for (int m = 0; m < dim; m++) {
          order[m] = m;
        }
        Arrays.sort(order, (p, q) -> Integer.compare(perm[p], perm[q]));
        for (int j = 0; j < shape[axis]; j++) {
          long idx = order[j];
          v[o * shape[axis] * inner + j * strides[axis] + i] = rnd.nextBoolean() ? idx : idx - dim;
        }
      }
    }
    return Tensor.ofLongs(shape, v);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void gatherAndScatterNd(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] data = RandomShapes.withOnes(rnd, 2 + rnd.nextInt(3), 5);
    int batchDims = seed % 3 == 0 ? 1 : 0;
    int k = rnd.nextInt(1, data.length - batchDims + 1);
    int[] lead = seed % 2 == 0 ? new int[] {rnd.nextInt(1, 4)} : new int[] {rnd.nextInt(1, 3), rnd.nextInt(1, 3)};
    int[] gShape = new int[batchDims + lead.length + 1];
    for (int i = 0; i < batchDims; i++) {
      gShape[i] = data[i];
    }
    System.arraycopy(lead, 0, gShape, batchDims, lead.length);
    gShape[gShape.length - 1] = k;
    long[] gi = new long[Shapes.size(gShape)];
    for (int t = 0; t < gi.length; t++) {
      int dim = data[batchDims + t % k];
      gi[t] = rnd.nextInt(-dim, dim);
    }
    // ScatterND with "none" needs distinct tuples: one tuple per leading index of a permutation.
    int kk = 1;
    int tuples = data[0];
    long[] si = new long[tuples];
    for (int t = 0; t < tuples; t++) {
      si[t] = (t * 7L + seed) % data[0];
    }
    int[] uShape = data.clone();
    String reduction = new String[] {"none", "add", "mul", "max", "min", "none"}[(int) seed - 1];
    OnnxModelBuilder b = model().typedInput("x", FLOAT, dims(data))
        .typedInput("gi", INT64, dims(gShape)).initializerLongs("si", uniqueRows(si, data[0]), tuples, kk)
        .typedInput("u", FLOAT, dims(uShape))
        .node("GatherND", names("x", "gi"), names("g"), attr("batch_dims", (long) batchDims))
        .node("ScatterND", names("x", "si", "u"), names("s"), attr("reduction", reduction))
        .rankedOutput("g", gShape.length - 1 + data.length - batchDims - k).rankedOutput("s", data.length);
    Map<String, Tensor> in = new HashMap<>();
    in.put("x", RandomTensors.normal(rnd, data));
    in.put("gi", Tensor.ofLongs(gShape, gi));
    in.put("u", RandomTensors.normal(rnd, uShape));
    OracleRun.compare(b.toBytes(), in, 1e-5, 1e-5, "GatherND/ScatterND " + Arrays.toString(data) + " indices "
        + Arrays.toString(gShape) + " batch_dims " + batchDims + " " + reduction);
  }

  /** A permutation of 0..n-1 (so tuples are distinct), some written negative. */
  private static long[] uniqueRows(long[] seedOrder, int n) {
    long[] out = new long[n];
    boolean[] used = new boolean[n];
    int w = 0;
    for (long s : seedOrder) {
      int v = (int) s;
      while (used[v]) {
        v = (v + 1) % n;
      }
      used[v] = true;
      out[w] = w % 2 == 0 ? v : v - n;
      w++;
    }
    return out;
  }
}
