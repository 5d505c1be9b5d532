package cnnx.host.kernels.conv;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.kernels.plan.Plan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The x-vectorised kernel for convs with few multiply-adds per output on the (CPU) device against
 * the reference, fused and unfused: strides 1 and 2 (unequal too), pads (asymmetric, wider than the
 * kernel), dilation, kernels 1 to 5, rows narrower than a vector, a whole number of vectors or
 * ending inside one, rows wide enough for inner blocks between the padded ones, 1 to 4 input
 * channels per group, groups, several channel blocks, batch 2, with and without bias, a fused
 * Relu, Clip or Clip and residual Add, and an output written in place into a Concat. First layers
 * with many taps (7x7, 11x11/4) or stride 3 stay with the general template.
 */
class SmallChannelKernelTest {
  @ParameterizedTest
  @CsvSource({
    // n, c, group, m, h, w, kh, kw, sh, sw, dilation, padTop, padLeft, padBottom, padRight, bias, epilogue, kernel
    "1, 3, 1, 64, 57, 57, 3, 3, 2, 2, 1, 0, 0, 0, 0, true, relu, xconv", // SqueezeNet's first layer, smaller
    "1, 3, 1, 32, 30, 100, 3, 3, 2, 2, 1, 1, 1, 1, 1, true, clip, xconv", // MobileNet's, inner blocks
    "1, 3, 1, 24, 19, 40, 3, 3, 2, 1, 1, 1, 1, 1, 1, false, relu, xconv", // stride 2 in y only
    "1, 1, 1, 8, 20, 50, 5, 5, 1, 1, 1, 2, 2, 2, 2, false, none, xconv",
    "1, 2, 1, 5, 9, 33, 1, 1, 1, 1, 1, 0, 0, 0, 0, true, none, xconv",
    "1, 4, 1, 20, 16, 90, 1, 1, 2, 2, 1, 0, 0, 0, 0, true, relu, xconv", // 4 channels, two channel blocks
    "2, 3, 1, 12, 20, 37, 3, 3, 1, 1, 2, 2, 1, 2, 3, true, add, xconv", // dilated, batch 2
    "1, 1, 1, 9, 34, 34, 3, 3, 1, 1, 1, 0, 0, 0, 0, true, relu, xconv", // rows of 32: two whole vectors
    "1, 3, 1, 7, 6, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1, true, clip, xconv", // rows narrower than a vector
    "1, 2, 1, 10, 21, 64, 3, 5, 1, 2, 1, 1, 2, 1, 2, false, relu, xconv", // unequal kernel and strides
    "1, 2, 1, 6, 17, 200, 3, 3, 1, 1, 1, 4, 4, 4, 4, true, add, xconv", // pads wider than the kernel
    "2, 6, 2, 10, 15, 21, 3, 3, 2, 2, 1, 1, 1, 1, 1, true, relu, xconv", // 2 groups of 3 channels
    "1, 8, 2, 6, 13, 40, 2, 2, 1, 2, 1, 1, 0, 0, 1, true, clip, xconv", // 2 groups of 4 channels, even kernel
    "1, 4, 4, 8, 12, 70, 5, 5, 1, 1, 1, 2, 2, 2, 2, true, clip, xconv", // 4 groups of 1 channel, 2 outputs each
    // measured slower here, so left to the general template: many taps (ResNet's, AlexNet's), stride 3
    "2, 3, 1, 20, 40, 38, 7, 7, 2, 2, 1, 3, 3, 3, 3, true, relu, conv",
    "1, 3, 1, 16, 45, 71, 11, 11, 4, 4, 1, 2, 2, 2, 2, true, relu, conv",
    "1, 3, 1, 8, 20, 50, 3, 3, 3, 3, 1, 1, 1, 1, 1, true, relu, conv",
  })
  void matchesReference(int n, int c, int group, int m, int h, int w, int kh, int kw, int sh, int sw, int d, int pt,
      int pl, int pb, int pr, boolean bias, String epilogue, String kernel) {
    SplittableRandom rnd = new SplittableRandom(c * 31L + m * 7L + w);
    Map<String, Tensor> feeds = new HashMap<>();
    OnnxModelBuilder b = Models.model();
    feeds.put("x", Models.input(b, rnd, "x", n, c, h, w));
    Models.weight(b, rnd, "w", m, c / group, kh, kw);
    Models.weight(b, rnd, "b", m);
    b.initializer("lo", new float[] {0f});
    b.initializer("hi", new float[] {6f});
    b.node("Conv", bias ? names("x", "w", "b") : names("x", "w"), names("y"), attr("group", (long) group),
        attrInts("kernel_shape", kh, kw), attrInts("strides", sh, sw), attrInts("dilations", d, d),
        attrInts("pads", pt, pl, pb, pr));
    int oh = (h + pt + pb - d * (kh - 1) - 1) / sh + 1;
    int ow = (w + pl + pr - d * (kw - 1) - 1) / sw + 1;
    String out = switch (epilogue) {
      case "relu" -> {
        b.node("Relu", names("y"), names("r"));
        yield "r";
      }
      case "clip" -> {
        b.node("Clip", names("y", "lo", "hi"), names("r"));
        yield "r";
      }
      case "add" -> {
        b.node("Clip", names("y", "lo", "hi"), names("r"));
        feeds.put("skip", Models.input(b, rnd, "skip", n, m, oh, ow));
        b.node("Add", names("r", "skip"), names("z"));
        yield "z";
      }
      default -> "y";
    };
    b.output(out);
    Plan plan = FusedRunner.assertMatchesReference(b.toBytes(), feeds);
    int fused = switch (epilogue) {
      case "relu", "clip" -> 2;
      case "add" -> 3;
      default -> 1;
    };
    assertTrue(plan.launches().stream().anyMatch(l -> l.kernelName().startsWith(kernel + "_")
        && l.onnxNodes().size() == fused), "one " + kernel + " launch carries the conv and its " + fused + " nodes");
  }

  /** Two first-layer convs concatenated along channels: each writes its slice of the Concat output. */
  @Test
  void writesIntoConcat() {
    SplittableRandom rnd = new SplittableRandom(11);
    Map<String, Tensor> feeds = new HashMap<>();
    OnnxModelBuilder b = Models.model();
    feeds.put("x", Models.input(b, rnd, "x", 2, 3, 30, 41));
    Models.weight(b, rnd, "w1", 12, 3, 3, 3);
    Models.weight(b, rnd, "b1", 12);
    Models.weight(b, rnd, "w2", 5, 3, 3, 3);
    b.node("Conv", names("x", "w1", "b1"), names("a"), attrInts("pads", 1, 1, 1, 1));
    b.node("Relu", names("a"), names("ar"));
    b.node("Conv", names("x", "w2"), names("c"), attrInts("pads", 2, 2, 2, 2), attrInts("dilations", 2, 2));
    b.node("Concat", names("ar", "c"), names("y"), attr("axis", 1L)).output("y");
    Plan plan = FusedRunner.assertMatchesReference(b.toBytes(), feeds);
    List<String> notes = plan.launches().stream().filter(l -> l.kernelName().startsWith("xconv"))
        .map(l -> l.note()).toList();
    assertEquals(2, notes.size(), "both convs run as x-vectorised launches");
    assertTrue(notes.stream().allMatch(s -> s.contains("(no copy)")), "both write into the Concat output: " + notes);
  }
}
