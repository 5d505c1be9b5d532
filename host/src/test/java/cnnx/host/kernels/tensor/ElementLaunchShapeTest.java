package cnnx.host.kernels.tensor;

import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static cnnx.host.kernels.tensor.TensorKernelChecks.check;
import static cnnx.host.kernels.tensor.TensorKernelChecks.data;
import static cnnx.host.kernels.tensor.TensorKernelChecks.feed;
import static cnnx.host.kernels.tensor.TensorKernelChecks.model;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import cnnx.compiler.Compiler;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomTensors;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Element kernels over (batch, channel, plane) tensors launch in two dimensions, the plane along the first, so a
 * per-channel operand is uniform across a row; smaller planes and lower ranks stay in one. Against the reference: a
 * per-channel affine (BatchNormalization) and a per-channel Mul and Add with a Relu.
 */
class ElementLaunchShapeTest {
  @ParameterizedTest
  @CsvSource({
    "2x5x7x9, 63/10", // plane of 63, rows of batch x channels
    "1x4x3x4x5, 60/4", // three spatial axes in the plane
    "1x6x3x5, 90", // a plane under 16: one dimension of every element
    "1x1x8x8, 64", // one row: one dimension
  })
  void perChannelKernelsMatchTheReference(String shapeText, String globalText) {
    int[] shape = Arrays.stream(shapeText.split("x")).mapToInt(Integer::parseInt).toArray();
    int c = shape[1];
    SplittableRandom rnd = new SplittableRandom(shape.length * 13L + c);
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x", data(rnd, false, shape));
    for (String p : new String[] {"scale", "bias", "mean"}) {
      b.initializer(p, RandomTensors.normal(rnd, c).floats(), c);
    }
    float[] var = new float[c];
    Arrays.fill(var, 0.75f);
    b.initializer("var", var, c);
    long[] perChannel = new long[shape.length - 1];
    Arrays.fill(perChannel, 1);
    perChannel[0] = c;
    b.initializer("s", RandomTensors.normal(rnd, c).floats(), perChannel);
    b.node("BatchNormalization", names("x", "scale", "bias", "mean", "var"), names("n"));
    b.node("Mul", names("n", "s"), names("m"));
    b.node("Relu", names("m"), names("y"));
    OnnxModelBuilder done = b.untypedOutputs("y");
    check(done, feeds);
    long[] expected = Arrays.stream(globalText.split("/")).mapToLong(Long::parseLong).toArray();
    var launches = new Compiler().compile(new OnnxImporter().load(done.toBytes(), "model.onnx"),
        Compiler.Options.defaults().withInputShapes(Map.of("x", shape))).plan().launches();
    assertArrayEquals(expected, launches.get(0).globalSize(), launches.toString());
  }
}
