package cnnx.host.kernels.window;

import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.host.testing.OpenClHarness;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * MaxUnpool on the OpenCL device against the reference interpreter: fed by MaxPool's Indices
 * (1-D, 2-D with pads and overlapping windows, 3-D with output_shape), and fed indices with
 * repeats, where the last X element naming an output must win as in the reference. Unpooling
 * moves values, so the tolerance is the max pools' (see {@link WindowModels}).
 */
class UnpoolKernelTest {
  private static void check(OnnxModelBuilder b, Map<String, Tensor> inputs) {
    OpenClHarness.assertMatchesReference(b.toBytes(), inputs, WindowModels.MAX_RTOL, WindowModels.MAX_ATOL);
  }

  @Test
  void unpool1d() {
    OnnxModelBuilder b = WindowModels.model();
    Tensor x = WindowModels.input(b, new SplittableRandom(1), "x", 3, 2, 12);
    b.node("MaxPool", names("x"), names("y", "i"), attrInts("kernel_shape", 3), attrInts("strides", 3));
    b.node("MaxUnpool", names("y", "i"), names("z"), attrInts("kernel_shape", 3), attrInts("strides", 3));
    b.rankedOutput("z", 3);
    check(b, Map.of("x", x));
  }

  @Test
  void unpool2dOverlappingPaddedWindows() {
    OnnxModelBuilder b = WindowModels.model();
    Tensor x = WindowModels.input(b, new SplittableRandom(2), "x", 2, 3, 7, 6);
    b.node("MaxPool", names("x"), names("y", "i"), attrInts("kernel_shape", 3, 2), attrInts("strides", 2, 1),
        attrInts("pads", 1, 0, 1, 1));
    b.node("MaxUnpool", names("y", "i"), names("z"), attrInts("kernel_shape", 3, 2), attrInts("strides", 2, 1),
        attrInts("pads", 1, 0, 1, 1));
    b.rankedOutput("z", 4);
    b.rankedOutput("i", 4, TensorProto.DataType.INT64_VALUE);
    check(b, Map.of("x", x));
  }

  @Test
  void unpool3dWithOutputShape() {
    OnnxModelBuilder b = WindowModels.model();
    Tensor x = WindowModels.input(b, new SplittableRandom(3), "x", 1, 2, 5, 7, 3);
    b.initializerLongs("shape", new long[] {1, 2, 5, 7, 3}, 5);
    b.node("MaxPool", names("x"), names("y", "i"), attrInts("kernel_shape", 2, 2, 2), attrInts("strides", 2, 2, 1));
    b.node("MaxUnpool", names("y", "i", "shape"), names("z"), attrInts("kernel_shape", 2, 2, 2),
        attrInts("strides", 2, 2, 1));
    b.rankedOutput("z", 5);
    check(b, Map.of("x", x));
  }

  /** Random indices over the whole output, many repeated: each output keeps the last X naming it. */
  @Test
  void repeatedIndicesKeepTheLastWrite() {
    SplittableRandom rnd = new SplittableRandom(4);
    int[] shape = {2, 3, 4, 5};
    OnnxModelBuilder b = WindowModels.model();
    Tensor x = WindowModels.input(b, rnd, "x", shape);
    b.typedInput("i", TensorProto.DataType.INT64_VALUE, dims(shape));
    b.node("MaxUnpool", names("x", "i"), names("z"), attrInts("kernel_shape", 2, 2), attrInts("strides", 2, 2));
    b.rankedOutput("z", 4);
    long outElements = 2 * 3 * 8 * 10;
    long[] ind = new long[x.size()];
    for (int k = 0; k < ind.length; k++) {
      ind[k] = rnd.nextLong(0, outElements / 4);
    }
    check(b, Map.of("x", x, "i", Tensor.ofLongs(DataType.INT64, shape, ind)));
  }
}
