package cnnx.host.kernels.conv;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.kernels.plan.Launch;
import cnnx.kernels.plan.Plan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A depthwise conv and the 1x1 conv that alone reads it as one launch (conv/separable.cl) on the device against
 * the reference, fused and unfused: dilations, asymmetric pads, row widths below, at and across the vector width,
 * batch 2, 1 to 24 channels out, the depthwise block with no step, Relu or Clip, the 1x1's bias, Relu and residual
 * Add; and where the block stays two launches.
 */
class SeparableKernelTest {
  private final Map<String, Tensor> feeds = new HashMap<>();

  /**
   * x (n x c x h x w) → depthwise k x k (bias, stride, dilation, pads) → dwStep ("", "Relu" or "Clip") → 1x1 to m
   * channels → Relu, then Add of a skip input when {@code residual}.
   */
  private byte[] block(int n, int c, int h, int w, int k, int s, int d, long[] pads, String dwStep, int m,
      boolean pwBias, boolean residual) {
    SplittableRandom rnd = new SplittableRandom(c * 131L + w * 7L + m);
    OnnxModelBuilder b = Models.model();
    feeds.put("x", Models.input(b, rnd, "x", n, c, h, w));
    Models.weight(b, rnd, "wd", c, 1, k, k);
    Models.weight(b, rnd, "bd", c);
    Models.weight(b, rnd, "wp", m, c, 1, 1);
    b.node("Conv", names("x", "wd", "bd"), names("dw"), attr("group", (long) c), attrInts("kernel_shape", k, k),
        attrInts("strides", s, s), attrInts("dilations", d, d), attrInts("pads", pads));
    String dwOut = "dw";
    if (dwStep.equals("Relu")) {
      b.node("Relu", names("dw"), names("dwa"));
      dwOut = "dwa";
    } else if (dwStep.equals("Clip")) {
      b.initializer("lo", new float[] {0f});
      b.initializer("hi", new float[] {6f});
      b.node("Clip", names("dw", "lo", "hi"), names("dwa"));
      dwOut = "dwa";
    }
    if (pwBias) {
      Models.weight(b, rnd, "bp", m);
    }
    b.node("Conv", pwBias ? names(dwOut, "wp", "bp") : names(dwOut, "wp"), names("pw"));
    b.node("Relu", names("pw"), names("r"));
    if (!residual) {
      return b.output("r").toBytes();
    }
    int oh = (h + (int) pads[0] + (int) pads[2] - d * (k - 1) - 1) / s + 1;
    int ow = (w + (int) pads[1] + (int) pads[3] - d * (k - 1) - 1) / s + 1;
    feeds.put("skip", Models.input(b, rnd, "skip", n, m, oh, ow));
    b.node("Add", names("r", "skip"), names("z"));
    return b.output("z").toBytes();
  }

  private static long[] pads(String text) {
    return java.util.Arrays.stream(text.split("/")).mapToLong(Long::parseLong).toArray();
  }

  @ParameterizedTest
  @CsvSource({
    // n, c, h, w, k, stride, dilation, pads, depthwise step, 1x1 channels, 1x1 bias, residual
    "1, 32, 28, 28, 3, 1, 1, 1/1/1/1, Clip, 16, true, false",
    "2, 12, 9, 11, 3, 1, 1, 1/1/1/1, Relu, 24, true, true",
    "1, 20, 15, 33, 3, 1, 1, 1/1/1/1, '', 23, false, false",
    "1, 7, 14, 14, 5, 1, 2, 4/4/4/4, Clip, 24, true, true",
    "2, 9, 13, 40, 3, 1, 2, 0/1/2/1, Relu, 5, true, false",
    "1, 16, 6, 75, 3, 1, 1, 1/1/1/1, Clip, 17, false, true",
    "1, 4, 3, 3, 3, 1, 1, 1/1/1/1, '', 1, true, false",
    "1, 6, 20, 70, 3, 1, 1, 0/2/1/0, Relu, 8, true, false",
  })
  void matchesReference(int n, int c, int h, int w, int k, int s, int d, String pads, String dwStep, int m,
      boolean pwBias, boolean residual) {
    Plan plan = FusedRunner.assertMatchesReference(block(n, c, h, w, k, s, d, pads(pads), dwStep, m, pwBias, residual),
        feeds);
    List<Launch> sep = plan.launches().stream().filter(l -> l.kernelName().startsWith("sepconv")).toList();
    assertEquals(1, sep.size(), plan.launches().toString());
    // every ONNX node of the block is named by the one launch: the two convs, the step, the Relu and the Add
    int nodes = 3 + (dwStep.isEmpty() ? 0 : 1) + (residual ? 1 : 0);
    assertEquals(nodes, sep.get(0).onnxNodes().size(), sep.get(0).onnxNodes().toString());
  }

  /**
   * Where the block stays two launches: more 1x1 channels than one block holds, a strided depthwise conv, a
   * depthwise block of two steps, a strided 1x1, and a depthwise output read by a second reader.
   */
  @Test
  void staysTwoLaunchesWhereTheKernelDoesNotFit() {
    assertEquals(0, separable(block(1, 8, 10, 10, 3, 1, 1, pads("1/1/1/1"), "Relu", 25, true, false)));
    assertEquals(0, separable(block(1, 8, 10, 10, 3, 2, 1, pads("1/1/1/1"), "Relu", 8, true, false)));

    OnnxModelBuilder two = depthwiseOf8("dw");
    two.node("Relu", names("dw"), names("a"));
    two.node("Sigmoid", names("a"), names("b"));
    two.node("Conv", names("b", "wp"), names("y")).output("y");
    assertEquals(0, separable(two.toBytes()));

    OnnxModelBuilder strided = depthwiseOf8("dw");
    strided.node("Conv", names("dw", "wp"), names("y"), attrInts("strides", 2, 2)).output("y");
    assertEquals(0, separable(strided.toBytes()));

    OnnxModelBuilder shared = depthwiseOf8("dw");
    shared.node("Conv", names("dw", "wp"), names("p"));
    shared.node("Add", names("p", "dw"), names("y")).output("y");
    assertEquals(0, separable(shared.toBytes()));
  }

  /** x (1 x 8 x 10 x 10), a 3x3 depthwise conv to {@code out}, and 1x1 weights wp (8 to 8) for the caller's nodes. */
  private OnnxModelBuilder depthwiseOf8(String out) {
    SplittableRandom rnd = new SplittableRandom(3);
    OnnxModelBuilder b = Models.model();
    feeds.put("x", Models.input(b, rnd, "x", 1, 8, 10, 10));
    Models.weight(b, rnd, "wd", 8, 1, 3, 3);
    Models.weight(b, rnd, "wp", 8, 8, 1, 1);
    b.node("Conv", names("x", "wd"), names(out), attr("group", 8L), attrInts("pads", 1, 1, 1, 1));
    return b;
  }

  /** Runs against the reference too, so a block left as two launches still computes the same. */
  private int separable(byte[] model) {
    Plan plan = FusedRunner.assertMatchesReference(model, feeds);
    return (int) plan.launches().stream().filter(l -> l.kernelName().startsWith("sepconv")).count();
  }
}
