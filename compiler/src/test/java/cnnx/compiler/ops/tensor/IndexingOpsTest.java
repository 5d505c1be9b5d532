package cnnx.compiler.ops.tensor;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomShapes;
import cnnx.compiler.testing.RandomTensors;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Slice, Gather, Tile, Expand, DepthToSpace and SpaceToDepth against ONNX Runtime. */
class IndexingOpsTest {
  static OnnxModelBuilder model() {
    return LayoutOpsTest.model();
  }

  static TensorProto int32s(String name, long[] v) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT32_VALUE)
        .addDims(v.length);
    for (long x : v) {
      t.addInt32Data((int) x);
    }
    return t.build();
  }

  private static long bound(SplittableRandom rnd, int dim) {
    return switch (rnd.nextInt(8)) {
      case 0 -> Long.MAX_VALUE;
      case 1 -> Long.MIN_VALUE;
      default -> rnd.nextLong(-dim - 2, dim + 3);
    };
  }

  /**
   * An end index; the "to the end" sentinel only in the direction of the step (ONNX Runtime reads
   * INT_MAX with a negative step as "to the front", where the spec clamps it to dim - 1).
   */
  private static long end(SplittableRandom rnd, int dim, long step) {
    return rnd.nextInt(4) == 0 ? (step > 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : rnd.nextLong(-dim - 2, dim + 3);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void slice(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = rnd.nextInt(1, 5);
    int[] shape = RandomShapes.between(rnd, rank, 1, 6);
    List<Integer> order = new ArrayList<>();
    for (int k = 0; k < rank; k++) {
      order.add(k);
    }
    java.util.Collections.shuffle(order, new java.util.Random(seed));
    int n = rnd.nextInt(1, rank + 1);
    long[] starts = new long[n];
    long[] ends = new long[n];
    long[] axes = new long[n];
    long[] steps = new long[n];
    for (int i = 0; i < n; i++) {
      int a = order.get(i);
      axes[i] = rnd.nextBoolean() ? a : a - rank;
      steps[i] = rnd.nextBoolean() ? -rnd.nextInt(1, 4) : rnd.nextInt(1, 4);
      starts[i] = bound(rnd, shape[a]);
      ends[i] = end(rnd, shape[a], steps[i]);
    }
    OnnxModelBuilder b = model().input("x", dims(shape));
    Tensor x = RandomTensors.normal(rnd, shape);
    int variant = (int) (seed % 4);
    List<String> ins = names("x", "starts", "ends", "axes", "steps");
    Object[] feeds = {"x", x};
    switch (variant) {
      case 0 -> { // only starts and ends: axes 0..n-1, steps 1
        for (int i = 0; i < n; i++) {
          starts[i] = bound(rnd, shape[i]);
          ends[i] = end(rnd, shape[i], 1);
        }
        ins = names("x", "starts", "ends");
        b.initializerLongs("starts", starts, n).initializerLongs("ends", ends, n);
      }
      case 1 -> { // int32 parameters
        b.initializer(int32s("starts", starts)).initializer(int32s("ends", ends))
            .initializer(int32s("axes", axes)).initializer(int32s("steps", steps));
        for (int i = 0; i < n; i++) {
          starts[i] = Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, starts[i]));
          ends[i] = Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, ends[i]));
        }
        b = model().input("x", dims(shape)).initializer(int32s("starts", starts))
            .initializer(int32s("ends", ends)).initializer(int32s("axes", axes)).initializer(int32s("steps", steps));
      }
      case 2 -> { // starts and ends computed at run time: only the rank is known statically
        b.typedInput("starts", TensorProto.DataType.INT64_VALUE, n).typedInput("ends", TensorProto.DataType.INT64_VALUE, n)
            .initializerLongs("axes", axes, n).initializerLongs("steps", steps, n);
        feeds = new Object[] {"x", x, "starts", Tensor.vector(starts), "ends", Tensor.vector(ends)};
      }
      default -> b.initializerLongs("starts", starts, n).initializerLongs("ends", ends, n)
          .initializerLongs("axes", axes, n).initializerLongs("steps", steps, n);
    }
    b.node("Slice", ins, names("y")).untypedOutputs("y");
    Harness.check(b.toBytes(), Harness.inputs(feeds), "slice seed " + seed);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void gather(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = rnd.nextInt(1, 4);
    int[] shape = RandomShapes.between(rnd, rank, 1, 5);
    int axis = rnd.nextInt(rank);
    int[] idxShape = RandomShapes.between(rnd, rnd.nextInt(0, 3), 1, 3);
    Tensor idx = RandomTensors.ints(rnd, DataType.INT64, -shape[axis], shape[axis] - 1, idxShape);
    boolean ints = seed % 2 == 0;
    int elem = ints ? TensorProto.DataType.INT64_VALUE : TensorProto.DataType.FLOAT_VALUE;
    Tensor data = ints ? RandomTensors.ints(rnd, DataType.INT64, -100, 100, shape) : RandomTensors.normal(rnd, shape);
    OnnxModelBuilder b = model().typedInput("x", elem, dims(shape));
    Object[] feeds = {"x", data};
    if (seed % 3 == 0) {
      b.typedInput("i", TensorProto.DataType.INT64_VALUE, dims(idxShape));
      feeds = new Object[] {"x", data, "i", idx};
    } else if (seed % 4 == 1) {
      TensorProto.Builder t = int32s("i", idx.longs()).toBuilder().clearDims();
      for (int d : idxShape) {
        t.addDims(d);
      }
      b.initializer(t.build());
    } else {
      b.initializerLongs("i", idx.longs(), dims(idxShape));
    }
    long axisAttr = rnd.nextBoolean() ? axis : axis - rank;
    b.node("Gather", names("x", "i"), names("y"), attr("axis", axisAttr)).untypedOutputs("y");
    Harness.check(b.toBytes(), Harness.inputs(feeds), "gather seed " + seed);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void tile(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = rnd.nextInt(1, 5);
    int[] shape = RandomShapes.between(rnd, rank, 1, 4);
    long[] repeats = new long[rank];
    for (int k = 0; k < rank; k++) {
      repeats[k] = rnd.nextInt(seed == 6 ? 0 : 1, 4);
    }
    OnnxModelBuilder b = model().input("x", dims(shape)).initializerLongs("r", repeats, rank);
    b.node("Tile", names("x", "r"), names("y")).untypedOutputs("y");
    Harness.check(b.toBytes(), Harness.inputs("x", RandomTensors.normal(rnd, shape)), "tile seed " + seed);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void expand(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = rnd.nextInt(1, 4);
    int[] shape = RandomShapes.between(rnd, rank, 1, 3);
    int lead = rnd.nextInt(0, 3);
    int drop = lead == 0 ? rnd.nextInt(0, rank) : 0; // shape may be shorter than the input
    List<Long> target = new ArrayList<>();
    for (int k = 0; k < lead; k++) {
      target.add((long) rnd.nextInt(1, 4));
    }
    for (int k = drop; k < rank; k++) {
      target.add(shape[k] == 1 ? rnd.nextInt(1, 4) : rnd.nextBoolean() ? shape[k] : 1L);
    }
    long[] t = target.stream().mapToLong(Long::longValue).toArray();
    OnnxModelBuilder b = model().input("x", dims(shape)).initializerLongs("s", t, t.length);
    b.node("Expand", names("x", "s"), names("y")).untypedOutputs("y");
    Harness.check(b.toBytes(), Harness.inputs("x", RandomTensors.normal(rnd, shape)), "expand seed " + seed);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void depthToSpaceAndBack(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int bs = rnd.nextInt(1, 4);
    int[] shape = {rnd.nextInt(1, 3), bs * bs * rnd.nextInt(1, 4), rnd.nextInt(1, 4), rnd.nextInt(1, 4)};
    String mode = seed % 2 == 0 ? "DCR" : "CRD";
    OnnxModelBuilder b = model().input("x", dims(shape))
        .node("DepthToSpace", names("x"), names("y"), attr("blocksize", (long) bs), attr("mode", mode))
        .node("SpaceToDepth", names("y"), names("z"), attr("blocksize", (long) bs));
    b.untypedOutputs("y", "z");
    Harness.check(b.toBytes(), Harness.inputs("x", RandomTensors.normal(rnd, shape)), "depth/space seed " + seed);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void spaceToDepth(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int bs = rnd.nextInt(1, 4);
    int[] shape = {rnd.nextInt(1, 3), rnd.nextInt(1, 4), bs * rnd.nextInt(1, 4), bs * rnd.nextInt(1, 4)};
    OnnxModelBuilder b = model().input("x", dims(shape))
        .node("SpaceToDepth", names("x"), names("y"), attr("blocksize", (long) bs));
    b.untypedOutputs("y");
    Harness.check(b.toBytes(), Harness.inputs("x", RandomTensors.normal(rnd, shape)), "space-to-depth seed " + seed);
  }
}
