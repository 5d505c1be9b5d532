package cnnx.host.kernels.conv;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertFalse;

import cnnx.compiler.Compiler;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.host.testing.OpenClHarness;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Zero Pads folded into the conv or average pool after them (the compile pass {@code fold-pad}): each conv
 * template and the pool kernel run with the summed, often asymmetric or wider-than-the-window padding, against the
 * reference (fused and unfused), and the fused plan has no Pad launch left.
 */
class FoldedPadKernelTest {
  @ParameterizedTest
  @CsvSource({
    // n, c, m, group, h, w, k, stride, padTop, padLeft, padBottom, padRight (of the Pad; the conv adds 1 all round)
    "1, 3, 16, 1, 17, 19, 3, 2, 0, 0, 1, 1", // TensorFlow's "same" for a strided conv: the extra row and column
    "1, 16, 16, 1, 14, 14, 3, 1, 1, 1, 1, 1",
    "2, 8, 24, 1, 9, 11, 1, 1, 2, 0, 0, 2", // a 1x1 conv with padding
    "1, 12, 12, 12, 15, 15, 3, 2, 0, 0, 1, 1", // depthwise
    "1, 4, 8, 2, 8, 9, 3, 1, 4, 3, 3, 4", // grouped, padding wider than the window
  })
  void convs(int n, int c, int m, int group, int h, int w, int k, int s, int pt, int pl, int pb, int pr) {
    SplittableRandom rnd = new SplittableRandom(c * 17L + h);
    Map<String, Tensor> feeds = new HashMap<>();
    OnnxModelBuilder b = Models.model();
    feeds.put("x", Models.input(b, rnd, "x", n, c, h, w));
    Models.weight(b, rnd, "w", m, c / group, k, k);
    Models.weight(b, rnd, "b", m);
    b.initializerLongs("pads", new long[] {0, 0, pt, pl, 0, 0, pb, pr}, 8);
    b.node("Pad", names("x", "pads"), names("p"));
    b.node("Conv", names("p", "w", "b"), names("c"), attrInts("strides", s, s), attr("group", (long) group),
        attrInts("pads", 1, 1, 1, 1));
    b.node("Relu", names("c"), names("y"));
    check(b.untypedOutputs("y"), feeds);
  }

  @ParameterizedTest
  @CsvSource({
    // n, c, h, w, k, stride, padTop, padLeft, padBottom, padRight
    "1, 8, 16, 16, 3, 1, 1, 1, 1, 1",
    "2, 5, 9, 13, 3, 2, 0, 1, 1, 0",
    "1, 3, 7, 7, 2, 2, 1, 1, 0, 0",
  })
  void averagePools(int n, int c, int h, int w, int k, int s, int pt, int pl, int pb, int pr) {
    SplittableRandom rnd = new SplittableRandom(c * 13L + w);
    Map<String, Tensor> feeds = new HashMap<>();
    OnnxModelBuilder b = Models.model();
    feeds.put("x", Models.input(b, rnd, "x", n, c, h, w));
    b.initializerLongs("pads", new long[] {0, 0, pt, pl, 0, 0, pb, pr}, 8);
    b.node("Pad", names("x", "pads"), names("p"));
    b.node("AveragePool", names("p"), names("y"), attrInts("kernel_shape", k, k), attrInts("strides", s, s));
    check(b.untypedOutputs("y"), feeds);
  }

  /** Conv, Relu, Pad, AveragePool: the pool (its padding now its own) may join the conv's epilogue. */
  @ParameterizedTest
  @CsvSource({
    // c, m, h, w, pool k, pool stride, padTop, padLeft, padBottom, padRight
    "8, 32, 16, 16, 2, 2, 1, 1, 1, 1",
    "3, 16, 15, 17, 3, 2, 1, 1, 1, 1",
    "4, 8, 12, 10, 2, 2, 0, 0, 1, 1",
    "6, 16, 9, 9, 3, 1, 1, 0, 1, 2",
  })
  void convThenPaddedAveragePool(int c, int m, int h, int w, int k, int s, int pt, int pl, int pb, int pr) {
    SplittableRandom rnd = new SplittableRandom(m * 7L + h);
    Map<String, Tensor> feeds = new HashMap<>();
    OnnxModelBuilder b = Models.model();
    feeds.put("x", Models.input(b, rnd, "x", 1, c, h, w));
    Models.weight(b, rnd, "w", m, c, 3, 3);
    Models.weight(b, rnd, "b", m);
    b.node("Conv", names("x", "w", "b"), names("c"), attrInts("pads", 1, 1, 1, 1));
    b.node("Relu", names("c"), names("r"));
    b.initializerLongs("pads", new long[] {0, 0, pt, pl, 0, 0, pb, pr}, 8);
    b.node("Pad", names("r", "pads"), names("p"));
    b.node("AveragePool", names("p"), names("y"), attrInts("kernel_shape", k, k), attrInts("strides", s, s));
    check(b.untypedOutputs("y"), feeds);
  }

  private static void check(OnnxModelBuilder b, Map<String, Tensor> feeds) {
    OpenClHarness.assertMatchesReference(b.toBytes(), feeds, Models.RTOL, Models.ATOL);
    Map<String, int[]> shapes = new TreeMap<>();
    feeds.forEach((k, v) -> shapes.put(k, v.shape()));
    var plan = new Compiler().compile(new OnnxImporter().load(b.toBytes(), "model.onnx"),
        Compiler.Options.defaults().withInputShapes(shapes)).plan();
    assertFalse(plan.launches().stream().anyMatch(l -> l.kernelName().startsWith("pad")),
        "the Pad folded: " + plan.launches());
  }
}
