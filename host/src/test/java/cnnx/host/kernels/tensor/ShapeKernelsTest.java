package cnnx.host.kernels.tensor;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static cnnx.host.kernels.tensor.TensorKernelChecks.checkUnfolded;
import static cnnx.host.kernels.tensor.TensorKernelChecks.data;
import static cnnx.host.kernels.tensor.TensorKernelChecks.feed;
import static cnnx.host.kernels.tensor.TensorKernelChecks.model;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Shape, ConstantOfShape and Range kernels. With static shapes the compiler folds all three, so
 * these tests compile without folding to run the kernels themselves.
 */
class ShapeKernelsTest {
  @Test
  void shapeWithBounds() {
    SplittableRandom rnd = new SplittableRandom(1);
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x", data(rnd, false, 2, 3, 4, 5));
    b.node("Shape", names("x"), names("all"));
    b.node("Shape", names("x"), names("mid"), attr("start", 1L), attr("end", -1L));
    checkUnfolded(b.untypedOutputs("all", "mid"), feeds, "Shape");
  }

  @Test
  void constantOfShape() {
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x", data(new SplittableRandom(2), false, 1));
    b.initializerLongs("shape", new long[] {2, 3, 5}, 3);
    b.node("ConstantOfShape", names("shape"), names("f"),
        attr("value", OnnxModelBuilder.floatTensor("v", new float[] {-1.25f}, 1)));
    b.node("ConstantOfShape", names("shape"), names("l"),
        attr("value", OnnxModelBuilder.longTensor("v", new long[] {Long.MIN_VALUE}, 1)));
    b.node("ConstantOfShape", names("shape"), names("z"));
    b.node("Identity", names("x"), names("xi"));
    checkUnfolded(b.untypedOutputs("f", "l", "z", "xi"), feeds, "ConstantOfShape");
  }

  @Test
  void range() {
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x", data(new SplittableRandom(3), false, 1));
    b.initializer("fs", new float[] {0.3f}).initializer("fl", new float[] {-7.1f}).initializer("fd", new float[] {-0.37f});
    b.initializerLongs("ls", new long[] {-5}).initializerLongs("ll", new long[] {40}).initializerLongs("ld", new long[] {3});
    b.node("Range", names("fs", "fl", "fd"), names("fr"));
    b.node("Range", names("ls", "ll", "ld"), names("lr"));
    b.node("Identity", names("x"), names("xi"));
    checkUnfolded(b.untypedOutputs("fr", "lr", "xi"), feeds, "Range");
  }
}
