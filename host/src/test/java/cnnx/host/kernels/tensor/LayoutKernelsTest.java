package cnnx.host.kernels.tensor;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static cnnx.host.kernels.tensor.TensorKernelChecks.check;
import static cnnx.host.kernels.tensor.TensorKernelChecks.data;
import static cnnx.host.kernels.tensor.TensorKernelChecks.feed;
import static cnnx.host.kernels.tensor.TensorKernelChecks.model;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomShapes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Transpose, DepthToSpace, SpaceToDepth, Tile and Expand kernels against the reference. */
class LayoutKernelsTest {
  /** Random permutations of rank 2-5; seed 3 leaves perm out (reversal); even seeds move int64. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void transpose(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = rnd.nextInt(2, 6);
    int[] shape = RandomShapes.between(rnd, rank, 2, 4);
    List<Long> perm = new ArrayList<>();
    for (long k = 0; k < rank; k++) {
      perm.add(k);
    }
    Collections.shuffle(perm, new Random(seed));
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x", data(rnd, seed % 2 == 0, shape));
    if (seed == 3) {
      b.node("Transpose", names("x"), names("y"));
    } else {
      b.node("Transpose", names("x"), names("y"), attrInts("perm", perm.stream().mapToLong(Long::longValue).toArray()));
    }
    check(b.untypedOutputs("y"), feeds);
  }

  @ParameterizedTest
  @ValueSource(strings = {"DCR", "CRD", "DCR-int64"})
  void depthToSpace(String mode) {
    SplittableRandom rnd = new SplittableRandom(mode.hashCode());
    int bs = rnd.nextInt(2, 4);
    int[] shape = {rnd.nextInt(1, 3), bs * bs * rnd.nextInt(1, 4), rnd.nextInt(1, 4), rnd.nextInt(1, 4)};
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x", data(rnd, mode.endsWith("int64"), shape));
    b.node("DepthToSpace", names("x"), names("y"), attr("blocksize", (long) bs), attr("mode", mode.substring(0, 3)));
    check(b.untypedOutputs("y"), feeds);
  }

  /** Seed 3 uses mode CRD (opset 28). */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void spaceToDepth(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int bs = rnd.nextInt(2, 4);
    int[] shape = {rnd.nextInt(1, 3), rnd.nextInt(1, 4), bs * rnd.nextInt(1, 4), bs * rnd.nextInt(1, 4)};
    OnnxModelBuilder b = seed == 3 ? model().opset(28) : model();
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x", data(rnd, seed == 2, shape));
    if (seed == 3) {
      b.node("SpaceToDepth", names("x"), names("y"), attr("blocksize", (long) bs), attr("mode", "CRD"));
    } else {
      b.node("SpaceToDepth", names("x"), names("y"), attr("blocksize", (long) bs));
    }
    check(b.untypedOutputs("y"), feeds);
  }

  /** Repeats of 1-3 per axis; seed 3 has a zero repeat (an empty output). */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void tile(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = rnd.nextInt(1, 5);
    int[] shape = RandomShapes.between(rnd, rank, 2, 3);
    long[] repeats = new long[rank];
    for (int k = 0; k < rank; k++) {
      repeats[k] = seed == 3 && k == 0 ? 0 : rnd.nextInt(1, 4);
    }
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x", data(rnd, seed == 2, shape));
    b.initializerLongs("repeats", repeats, rank);
    b.node("Tile", names("x", "repeats"), names("y"));
    check(b.untypedOutputs("y"), feeds);
  }

  /** Broadcasting both ways and to a higher rank. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void expand(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = rnd.nextInt(2, 4);
    int[] shape = RandomShapes.between(rnd, rank, 1, 3);
    int outRank = rank + (int) (seed % 2);
    long[] target = new long[outRank];
    for (int k = 0; k < outRank; k++) {
      int i = k - (outRank - rank);
      target[k] = i >= 0 && shape[i] != 1 ? (rnd.nextBoolean() ? shape[i] : 1) : rnd.nextInt(2, 4);
    }
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x", data(rnd, seed == 2, shape));
    b.initializerLongs("shape", target, outRank);
    b.node("Expand", names("x", "shape"), names("y"));
    check(b.untypedOutputs("y"), feeds);
  }

  /**
   * Expand is a broadcast op, so a shape-keeping Expand after another one fuses into its kernel
   * and reads its operand as the fused value.
   */
  @Test
  void expandFusedAfterExpand() {
    SplittableRandom rnd = new SplittableRandom(7);
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x", data(rnd, false, 3, 1));
    b.initializerLongs("s1", new long[] {2, 3, 4}, 3);
    b.initializerLongs("s2", new long[] {1, 4}, 2);
    b.node("Expand", names("x", "s1"), names("e"));
    b.node("Expand", names("e", "s2"), names("y"));
    check(b.untypedOutputs("y"), feeds);
  }
}
