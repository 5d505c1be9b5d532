package cnnx.host.kernels.conv;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.kernels.plan.Plan;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pixel-vector 1x1 kernel on the (CPU) device against the reference, fused and unfused: planes
 * that end inside a block, output channels that end inside a block, many inputs to few outputs, batch 2, with and without
 * bias, a fused Clip and residual Add, and an output written in place into a Concat.
 */
class PointwiseKernelTest {
  @ParameterizedTest
  @CsvSource({
    // n, c, m, h, w, bias
    "1, 16, 96, 32, 32, true",
    "2, 5, 20, 28, 30, true",
    "1, 24, 13, 29, 31, false",
    "1, 130, 16, 28, 29, true", // many input channels, few output channels
  })
  void matchesReference(int n, int c, int m, int h, int w, boolean bias) {
    SplittableRandom rnd = new SplittableRandom(c * 31L + m);
    Map<String, Tensor> feeds = new HashMap<>();
    OnnxModelBuilder b = Models.model();
    feeds.put("x", Models.input(b, rnd, "x", n, c, h, w));
    Models.weight(b, rnd, "w", m, c, 1, 1);
    Models.weight(b, rnd, "b", m);
    b.initializer("lo", new float[] {0f});
    b.initializer("hi", new float[] {6f});
    b.node("Conv", bias ? names("x", "w", "b") : names("x", "w"), names("y"));
    b.node("Clip", names("y", "lo", "hi"), names("r"));
    feeds.put("skip", Models.input(b, rnd, "skip", n, m, h, w));
    b.node("Add", names("r", "skip"), names("z")).output("z");
    Plan plan = FusedRunner.assertMatchesReference(b.toBytes(), feeds);
    assertTrue(plan.launches().stream().anyMatch(l -> l.kernelName().startsWith("pwconv")
        && l.onnxNodes().size() == 3), "the pointwise launch carries Clip and Add");
  }

  /** Two 1x1 convs concatenated along channels: each writes its slice of the Concat output. */
  @Test
  void writesIntoConcat() {
    SplittableRandom rnd = new SplittableRandom(7);
    Map<String, Tensor> feeds = new HashMap<>();
    OnnxModelBuilder b = Models.model();
    feeds.put("x", Models.input(b, rnd, "x", 1, 8, 30, 30));
    Models.weight(b, rnd, "w1", 12, 8, 1, 1);
    Models.weight(b, rnd, "w2", 5, 8, 1, 1);
    b.node("Conv", names("x", "w1"), names("a"));
    b.node("Conv", names("x", "w2"), names("c"));
    b.node("Concat", names("a", "c"), names("y"), attr("axis", 1L)).output("y");
    Plan plan = FusedRunner.assertMatchesReference(b.toBytes(), feeds);
    assertTrue(plan.launches().stream().filter(l -> l.kernelName().startsWith("pwconv")).count() == 2,
        "both convs run as pointwise launches");
  }
}
