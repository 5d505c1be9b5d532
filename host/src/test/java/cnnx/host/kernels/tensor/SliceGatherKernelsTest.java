package cnnx.host.kernels.tensor;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static cnnx.host.kernels.tensor.TensorKernelChecks.check;
import static cnnx.host.kernels.tensor.TensorKernelChecks.data;
import static cnnx.host.kernels.tensor.TensorKernelChecks.feed;
import static cnnx.host.kernels.tensor.TensorKernelChecks.model;

import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomShapes;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Slice and Gather kernels against the reference. */
class SliceGatherKernelsTest {
  /**
   * Random non-empty slices over a random subset of (possibly negative) axes: starts and ends in
   * either sign convention, past either end and INT64 extremes (clamped), steps of either sign
   * (the first axis always steps backwards); seed 1 gives starts and ends only.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void slice(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = rnd.nextInt(1, 5);
    int[] shape = RandomShapes.between(rnd, rank, 2, 6);
    int n = rnd.nextInt(1, rank + 1);
    long[] starts = new long[n];
    long[] ends = new long[n];
    long[] axes = new long[n];
    long[] steps = new long[n];
    boolean[] used = new boolean[rank];
    for (int i = 0; i < n; i++) {
      int a = seed == 1 ? i : rnd.nextInt(rank);
      while (used[a]) {
        a = (a + 1) % rank;
      }
      used[a] = true;
      axes[i] = rnd.nextBoolean() ? a : a - rank;
      steps[i] = seed == 1 ? 1 : (i == 0 || rnd.nextBoolean() ? -rnd.nextInt(1, 4) : rnd.nextInt(1, 4));
      int dim = shape[a];
      boolean back = steps[i] < 0;
      long s0 = rnd.nextInt(dim);
      long e0 = back ? s0 - rnd.nextInt(1, dim + 1) : s0 + rnd.nextInt(1, dim + 1);
      starts[i] = rnd.nextBoolean() ? s0 : s0 - dim;
      if (rnd.nextInt(4) == 0) { // beyond the end it starts from: clamped to the first element
        s0 = back ? dim - 1 : 0;
        starts[i] = back ? (rnd.nextBoolean() ? Long.MAX_VALUE : dim + 1) : (rnd.nextBoolean() ? Long.MIN_VALUE : -dim - 2);
      }
      if (back) {
        ends[i] = e0 < 0 ? (rnd.nextBoolean() ? Long.MIN_VALUE : -dim - 1 - rnd.nextInt(2)) : rnd.nextBoolean() ? e0 : e0 - dim;
      } else {
        ends[i] = e0 >= dim ? (rnd.nextBoolean() ? Long.MAX_VALUE : dim + rnd.nextInt(2)) : rnd.nextBoolean() ? e0 : e0 - dim;
      }
    }
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x", data(rnd, seed % 2 == 0, shape));
    b.initializerLongs("starts", starts, n).initializerLongs("ends", ends, n);
    if (seed == 1) {
      b.node("Slice", names("x", "starts", "ends"), names("y"));
    } else {
      b.initializerLongs("axes", axes, n).initializerLongs("steps", steps, n);
      b.node("Slice", names("x", "starts", "ends", "axes", "steps"), names("y"));
    }
    check(b.untypedOutputs("y"), feeds);
  }

  /** Constant indices: a scalar (baked literal) and a matrix with negatives (baked table). */
  @ParameterizedTest
  @ValueSource(longs = {1, 2})
  void gatherConstantIndices(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = rnd.nextInt(1, 4);
    int[] shape = RandomShapes.between(rnd, rank, 2, 5);
    int axis = rnd.nextInt(rank);
    int dim = shape[axis];
    int[] idxShape = seed == 1 ? new int[0] : new int[] {2, 3};
    long[] idx = new long[Shapes.size(idxShape)];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = rnd.nextLong(-dim, dim);
    }
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x", data(rnd, seed == 2, shape));
    b.initializerLongs("idx", idx, dims(idxShape));
    b.node("Gather", names("x", "idx"), names("y"), attr("axis", rnd.nextBoolean() ? axis : (long) axis - rank));
    check(b.untypedOutputs("y"), feeds);
  }

  /** Runtime int64 indices, negatives included, loaded from their buffer. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2})
  void gatherRuntimeIndices(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed + 10);
    int rank = rnd.nextInt(1, 4);
    int[] shape = RandomShapes.between(rnd, rank, 2, 5);
    int axis = rnd.nextInt(rank);
    int dim = shape[axis];
    int[] idxShape = RandomShapes.between(rnd, rnd.nextInt(0, 3), 1, 3);
    long[] idx = new long[Shapes.size(idxShape)];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = rnd.nextLong(-dim, dim);
    }
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x", data(rnd, seed == 2, shape));
    feed(b, feeds, "idx", Tensor.ofLongs(idxShape, idx));
    b.node("Gather", names("x", "idx"), names("y"), attr("axis", (long) axis));
    check(b.untypedOutputs("y"), feeds);
  }
}
