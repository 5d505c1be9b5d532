package cnnx.host.kernels.tensor;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static cnnx.host.kernels.tensor.TensorKernelChecks.check;
import static cnnx.host.kernels.tensor.TensorKernelChecks.data;
import static cnnx.host.kernels.tensor.TensorKernelChecks.feed;
import static cnnx.host.kernels.tensor.TensorKernelChecks.model;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomShapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Concat and Split kernels against the reference, float and int64 data. */
class JoinKernelsTest {
  /** 1-4 inputs of random extent (one may be empty) along a random, possibly negative, axis. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void concat(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    boolean longs = seed % 2 == 0;
    int rank = rnd.nextInt(1, 5);
    int axis = rnd.nextInt(rank);
    int[] shape = RandomShapes.between(rnd, rank, 1, 4);
    int n = rnd.nextInt(1, 5);
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = TensorKernelChecks.feeds();
    List<String> ins = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] s = shape.clone();
      s[axis] = seed == 3 && i == 1 ? 0 : rnd.nextInt(1, 4);
      feed(b, feeds, "x" + i, data(rnd, longs, s));
      ins.add("x" + i);
    }
    b.node("Concat", ins, names("y"), attr("axis", rnd.nextBoolean() ? axis : axis - rank));
    check(b.untypedOutputs("y"), feeds);
  }

  /** Split by the split input, by num_outputs (smaller last chunk), and into equal parts. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void split(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    boolean longs = seed == 2;
    int rank = rnd.nextInt(1, 4);
    int axis = rnd.nextInt(rank);
    int[] shape = RandomShapes.between(rnd, rank, 1, 4);
    int outs = rnd.nextInt(2, 4);
    OnnxModelBuilder b = model();
    List<String> outNames = new ArrayList<>();
    for (int i = 0; i < outs; i++) {
      outNames.add("y" + i);
    }
    switch ((int) seed) {
      case 1 -> {
        long[] split = new long[outs];
        shape[axis] = 0;
        for (int i = 0; i < outs; i++) {
          split[i] = rnd.nextInt(0, 4);
          shape[axis] += (int) split[i];
        }
        b.initializerLongs("split", split, outs);
        b.node("Split", names("x", "split"), outNames, attr("axis", (long) axis));
      }
      case 2 -> {
        shape[axis] = outs * 2 + 1;
        b.node("Split", names("x"), outNames, attr("axis", (long) axis - rank), attr("num_outputs", (long) outs));
      }
      default -> {
        shape[axis] = outs * rnd.nextInt(1, 3);
        b.node("Split", names("x"), outNames, attr("axis", (long) axis));
      }
    }
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x", data(rnd, longs, shape));
    check(b.untypedOutputs(outNames.toArray(new String[0])), feeds);
  }
}
