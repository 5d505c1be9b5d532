package cnnx.host.kernels.conv;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.kernels.plan.Plan;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The vectorised depthwise kernel on the device against the reference (fused and unfused): row
 * widths below, at and across the vector width, strides, dilations, asymmetric pads, batch 2,
 * with bias, a fused Clip (ReLU6) and a residual Add in the epilogue.
 */
class DepthwiseKernelTest {
  @ParameterizedTest
  @CsvSource({
    // n, c, h, w, k, stride, dilation, padTop, padLeft, padBottom, padRight
    "1, 32, 112, 112, 3, 1, 1, 1, 1, 1, 1",
    "2, 5, 7, 7, 3, 1, 1, 1, 1, 1, 1",
    "1, 8, 15, 33, 3, 2, 1, 1, 1, 1, 1",
    "2, 4, 14, 14, 5, 1, 1, 2, 2, 2, 2",
    "1, 6, 9, 17, 3, 2, 2, 0, 1, 2, 1",
    "1, 3, 20, 19, 5, 2, 1, 2, 2, 2, 2",
    "1, 7, 4, 40, 3, 1, 1, 0, 0, 0, 0",
    // rows wide enough for inner blocks besides the edge ones (masked loads, the tensor's first and last rows)
    "1, 4, 30, 75, 3, 2, 1, 1, 1, 1, 1",
    "2, 3, 12, 80, 3, 2, 2, 2, 2, 2, 2",
    "1, 2, 10, 70, 3, 3, 1, 1, 1, 1, 1",
    // taller planes: 16, 17 and 23 output rows, stride 1 and 2, the last row block partial or whole
    "1, 3, 16, 21, 3, 1, 1, 1, 1, 1, 1",
    "2, 5, 32, 18, 3, 2, 1, 1, 1, 1, 1",
    "1, 4, 17, 17, 3, 1, 1, 1, 1, 1, 1",
    "1, 6, 23, 9, 3, 1, 1, 1, 1, 1, 1",
    "1, 3, 46, 40, 3, 2, 1, 0, 1, 1, 0",
  })
  void matchesReference(int n, int c, int h, int w, int k, int s, int d, int pt, int pl, int pb, int pr) {
    SplittableRandom rnd = new SplittableRandom(c * 31L + w);
    Map<String, Tensor> feeds = new HashMap<>();
    OnnxModelBuilder b = Models.model();
    feeds.put("x", Models.input(b, rnd, "x", n, c, h, w));
    Models.weight(b, rnd, "w", c, 1, k, k);
    Models.weight(b, rnd, "b", c);
    b.initializer("lo", new float[] {0f});
    b.initializer("hi", new float[] {6f});
    b.node("Conv", names("x", "w", "b"), names("y"), attr("group", (long) c), attrInts("kernel_shape", k, k),
        attrInts("strides", s, s), attrInts("dilations", d, d), attrInts("pads", pt, pl, pb, pr));
    b.node("Clip", names("y", "lo", "hi"), names("r"));
    int oh = (h + pt + pb - d * (k - 1) - 1) / s + 1;
    int ow = (w + pl + pr - d * (k - 1) - 1) / s + 1;
    feeds.put("skip", Models.input(b, rnd, "skip", n, c, oh, ow));
    b.node("Add", names("r", "skip"), names("z")).output("z");
    Plan plan = FusedRunner.assertMatchesReference(b.toBytes(), feeds);
    assertTrue(plan.launches().stream().anyMatch(l -> l.kernelName().startsWith("dwconv")
        && l.onnxNodes().size() == 3), "the depthwise launch carries Clip and Add");
  }

  /** Without a bias input the kernel takes no bias argument (a plain depthwise conv, one channel too). */
  @ParameterizedTest
  @CsvSource({"1, 1, 5, 5, 3, 2", "2, 6, 9, 11, 3, 1"})
  void withoutBias(int n, int c, int h, int w, int k, int s) {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(c * 31 + h);
    cnnx.compiler.testing.OnnxModelBuilder b = new cnnx.compiler.testing.OnnxModelBuilder();
    java.util.Map<String, cnnx.compiler.ir.Tensor> feeds = new java.util.HashMap<>();
    feeds.put("x", Models.input(b, rnd, "x", n, c, h, w));
    Models.weight(b, rnd, "w", c, 1, k, k);
    b.node("Conv", names("x", "w"), names("y"), attr("group", (long) c), attrInts("kernel_shape", k, k),
        attrInts("strides", s, s), attrInts("pads", 1, 1, 1, 1)).output("y");
    Plan plan = FusedRunner.assertMatchesReference(b.toBytes(), feeds);
    assertTrue(plan.launches().stream().anyMatch(l -> l.kernelName().startsWith("dwconv")), "a depthwise launch");
  }
}
