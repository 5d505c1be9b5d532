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
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Concat without a copy: conv blocks write their channel slices of the concatenated tensor (an
 * Inception-like module: 1x1, 3x3, pooled 1x1 and a conv+pool branch), on the device against the
 * reference (fused and unfused, batch 2); and the copy stays where a branch output is read twice.
 */
class ConcatInPlaceKernelTest {
  private final SplittableRandom rnd = new SplittableRandom(88);
  private final Map<String, Tensor> feeds = new HashMap<>();

  /** x (2 x 8 x 12 x 12) into four conv branches of 16, 24, 8 and 12 channels on 6 x 6. */
  private OnnxModelBuilder module(boolean extraReader) {
    OnnxModelBuilder b = Models.model();
    feeds.put("x", Models.input(b, rnd, "x", 2, 8, 12, 12));
    b.node("MaxPool", names("x"), names("p"), attrInts("kernel_shape", 2, 2), attrInts("strides", 2, 2));
    conv(b, "a", "p", 16, 1);
    conv(b, "b", "p", 24, 3);
    b.node("MaxPool", names("p"), names("q"), attrInts("kernel_shape", 3, 3), attrInts("strides", 1, 1),
        attrInts("pads", 1, 1, 1, 1));
    conv(b, "c", "q", 8, 1);
    // conv on the full 12 x 12 input with its 2x2 pool fused into the same launch
    Models.weight(b, rnd, "dw", 12, 8, 3, 3);
    b.node("Conv", names("x", "dw"), names("dc"), attrInts("pads", 1, 1, 1, 1));
    b.node("MaxPool", names("dc"), names("d"), attrInts("kernel_shape", 2, 2), attrInts("strides", 2, 2));
    b.node("Concat", names("a", "b", "c", "d"), names("y"), attr("axis", 1L)).output("y");
    if (extraReader) {
      b.node("Sigmoid", names("b"), names("s")).output("s");
    }
    return b;
  }

  private void conv(OnnxModelBuilder b, String name, String in, int m, int k) {
    Models.weight(b, rnd, name + "w", m, 8, k, k);
    Models.weight(b, rnd, name + "b", m);
    b.node("Conv", names(in, name + "w", name + "b"), names(name + "c"), attrInts("pads", k / 2, k / 2, k / 2, k / 2));
    b.node("Relu", names(name + "c"), names(name));
  }

  @Test
  void branchesWriteTheirSlicesAndNoLaunchCopies() {
    Plan plan = FusedRunner.assertMatchesReference(module(false).toBytes(), feeds);
    for (Launch l : plan.launches()) {
      assertTrue(!l.kernelName().startsWith("concat"), "a concat launch is left: " + l.kernelName());
    }
    long slices = plan.launches().stream().filter(l -> l.note().contains("(no copy)")).count();
    assertEquals(4, slices);
  }

  @Test
  void aBranchReadTwiceKeepsTheCopy() {
    Plan plan = FusedRunner.assertMatchesReference(module(true).toBytes(), feeds);
    assertTrue(plan.launches().stream().anyMatch(l -> l.kernelName().startsWith("concat")));
    assertTrue(plan.launches().stream().noneMatch(l -> l.note().contains("(no copy)")));
  }
}
