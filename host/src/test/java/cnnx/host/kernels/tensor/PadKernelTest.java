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
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pad in every mode with asymmetric pads wider than the data (reflect and wrap fold more than
 * once), crops (negative pads), an axes subset, int64 data, and the default or a given fill value.
 */
class PadKernelTest {
  @ParameterizedTest(name = "{0} seed {1} int64={2} axes={3}")
  @CsvSource({
    "constant, 1, false, false",
    "constant, 2, true, true",
    "reflect, 3, false, false",
    "reflect, 4, true, true",
    "edge, 5, false, true",
    "wrap, 6, false, false",
    "wrap, 7, true, true",
  })
  void pad(String mode, long seed, boolean longs, boolean withAxes) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = rnd.nextInt(1, 4);
    int[] shape = RandomShapes.between(rnd, rank, 3, 5);
    int[] axes = withAxes ? new int[] {rnd.nextInt(rank)} : null;
    int n = axes == null ? rank : axes.length;
    long[] pads = new long[2 * n];
    for (int i = 0; i < n; i++) {
      int dim = shape[axes == null ? i : axes[i]];
      for (int side = 0; side < 2; side++) {
        // the first axis pads both sides past the data's extent; others may crop one element
        boolean crop = i > 0 && rnd.nextInt(3) == 0;
        pads[i + side * n] = crop ? -1 : rnd.nextInt(i == 0 ? dim + 1 : 0, 2 * dim + 2);
      }
    }
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x", data(rnd, longs, shape));
    b.initializerLongs("pads", pads, pads.length);
    String value = "";
    if (mode.equals("constant") && seed != 1) {
      value = "value";
      if (longs) {
        b.initializerLongs("value", new long[] {rnd.nextLong()});
      } else {
        b.initializer("value", new float[] {(float) rnd.nextDouble(-5, 5)});
      }
    }
    if (axes != null) {
      b.initializerLongs("axes", new long[] {rnd.nextBoolean() ? axes[0] : axes[0] - rank}, 1);
      b.node("Pad", names("x", "pads", value, "axes"), names("y"), attr("mode", mode));
    } else if (!value.isEmpty()) {
      b.node("Pad", names("x", "pads", value), names("y"), attr("mode", mode));
    } else {
      b.node("Pad", names("x", "pads"), names("y"), attr("mode", mode));
    }
    check(b.untypedOutputs("y"), feeds);
  }
}
