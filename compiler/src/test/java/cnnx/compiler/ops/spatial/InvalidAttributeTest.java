package cnnx.compiler.ops.spatial;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.onnx.proto.OnnxProtos.AttributeProto;
import cnnx.compiler.testing.InferredTypes;
import cnnx.compiler.testing.OnnxModelBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Invalid attributes and shapes: type inference and the interpreter both throw an
 * InvalidModelException that names the node and the problem.
 */
class InvalidAttributeTest {
  /** One node over input x (zeros) and zero initializers w (and b when bShape is given). */
  private static void assertInvalid(String op, int[] xShape, int[] wShape, int[] bShape, String fragment,
      AttributeProto... attrs) {
    OnnxModelBuilder b = Harness.model().input("x", dims(xShape));
    List<String> in = names("x");
    if (wShape != null) {
      b.initializer("w", new float[Shapes.size(wShape)], dims(wShape));
      in.add("w");
    }
    if (bShape != null) {
      b.initializer("b", new float[Shapes.size(bShape)], dims(bShape));
      in.add("b");
    }
    b.node(op, in, names("y"), attrs);
    b.rankedOutput("y", xShape.length);
    Harness.assertInvalid(b, Map.of("x", Tensor.zeros(DataType.FLOAT, xShape)),
        op.toLowerCase() + "_0", fragment);
  }

  private static int[] s(int... v) {
    return v;
  }

  @Test
  void convGroupNotDividingChannels() {
    assertInvalid("Conv", s(1, 6, 8, 8), s(4, 3, 3, 3), null, "group 4 does not divide the 6 input channels",
        attr("group", 4L));
  }

  @Test
  void convGroupNotDividingOutputChannels() {
    assertInvalid("Conv", s(1, 4, 8, 8), s(3, 2, 3, 3), null, "group 2 does not divide the 3 output channels",
        attr("group", 2L));
  }

  @Test
  void convWeightChannelMismatch() {
    assertInvalid("Conv", s(1, 4, 8, 8), s(2, 3, 3, 3), null, "W has 3 input channels per group but X has 4");
    assertInvalid("Conv", s(1, 4, 8, 8), s(4, 4, 3, 3), null, "W has 4 input channels per group", attr("group", 2L));
  }

  @Test
  void convStrideZero() {
    assertInvalid("Conv", s(1, 1, 8, 8), s(1, 1, 3, 3), null, "'strides' must be positive", attrInts("strides", 1, 0));
  }

  @Test
  void convDilationZeroAndNegativePads() {
    assertInvalid("Conv", s(1, 1, 8), s(1, 1, 3), null, "'dilations' must be positive", attrInts("dilations", 0));
    assertInvalid("Conv", s(1, 1, 8), s(1, 1, 3), null, "'pads' must not be negative", attrInts("pads", -1, 0));
  }

  @Test
  void convKernelLargerThanPaddedInput() {
    assertInvalid("Conv", s(1, 1, 4, 4), s(1, 1, 7, 3), null,
        "kernel extent 7 along spatial axis 0 is larger than the padded input size 6", attrInts("pads", 1, 0, 1, 0));
    assertInvalid("Conv", s(1, 1, 4, 4), s(1, 1, 3, 3), null,
        "kernel extent 5 along spatial axis 1 is larger than the padded input size 4", attrInts("dilations", 1, 2),
        attr("auto_pad", "VALID"));
  }

  @Test
  void convWrongAttributeLengths() {
    assertInvalid("Conv", s(1, 1, 8, 8), s(1, 1, 3, 3), null, "'pads' has 2 values, expected 4",
        attrInts("pads", 1, 1));
    assertInvalid("Conv", s(1, 1, 8, 8), s(1, 1, 3, 3), null, "'strides' has 3 values, expected 2",
        attrInts("strides", 1, 1, 1));
    assertInvalid("Conv", s(1, 1, 8, 8), s(1, 1, 3, 3), null, "kernel_shape [3, 2] does not match W",
        attrInts("kernel_shape", 3, 2));
  }

  @Test
  void convBadBiasAutoPadAndRanks() {
    assertInvalid("Conv", s(1, 2, 8, 8), s(4, 2, 3, 3), s(3),
        "the size of B (one bias per output channel) must be 4");
    assertInvalid("Conv", s(1, 1, 8, 8), s(1, 1, 3, 3), null, "auto_pad 'SAME'", attr("auto_pad", "SAME"));
    assertInvalid("Conv", s(1, 1, 8, 8), s(1, 1, 3, 3), null, "cannot be combined with auto_pad",
        attr("auto_pad", "SAME_UPPER"), attrInts("pads", 1, 1, 1, 1));
    assertInvalid("Conv", s(1, 1, 8, 8), s(1, 1, 3), null, "W must have rank 4");
    assertInvalid("Conv", s(1, 8), s(1, 1, 3), null, "X (N x C x D1 x ...) must have rank 3 or more");
    assertInvalid("Conv", s(1, 1, 8, 8), s(1, 1, 3, 3), null, "group must be positive", attr("group", 0L));
  }

  @Test
  void convTransposeInvalid() {
    assertInvalid("ConvTranspose", s(1, 6, 5, 5), s(6, 2, 3, 3), null, "group 4 does not divide the 6 input channels",
        attr("group", 4L));
    assertInvalid("ConvTranspose", s(1, 6, 5, 5), s(4, 2, 3, 3), null, "W has 4 input channels (dim 0) but X has 6");
    assertInvalid("ConvTranspose", s(1, 2, 5, 5), s(2, 2, 3, 3), null, "'strides' must be positive",
        attrInts("strides", 0, 1));
    assertInvalid("ConvTranspose", s(1, 2, 5, 5), s(2, 2, 3, 3), null, "'output_padding' [2, 0]",
        attrInts("strides", 2, 2), attrInts("output_padding", 2, 0));
    assertInvalid("ConvTranspose", s(1, 2, 2, 5), s(2, 2, 3, 3), null, "output size along spatial axis 0 would be 0",
        attrInts("pads", 2, 0, 2, 0));
    assertInvalid("ConvTranspose", s(1, 2, 5, 5), s(2, 2, 3, 3), null, "'pads' has 3 values, expected 4",
        attrInts("pads", 1, 1, 1));
    assertInvalid("ConvTranspose", s(1, 2, 5, 5), s(2, 3, 3, 3), s(4),
        "the size of B (one bias per output channel) must be 3");
  }

  @Test
  void poolInvalid() {
    assertInvalid("MaxPool", s(1, 1, 8, 8), null, null, "'kernel_shape' is required");
    assertInvalid("MaxPool", s(1, 1, 8, 8), null, null, "'kernel_shape' has 1 values, expected 2",
        attrInts("kernel_shape", 3));
    assertInvalid("MaxPool", s(1, 1, 4, 8), null, null, "kernel extent 5 along spatial axis 0 is larger than the padded"
        + " input size 4", attrInts("kernel_shape", 5, 2), attr("auto_pad", "VALID"));
    assertInvalid("MaxPool", s(1, 1, 8, 8), null, null, "'ceil_mode' must be 0 or 1, is 2",
        attrInts("kernel_shape", 2, 2), attr("ceil_mode", 2L));
    assertInvalid("MaxPool", s(1, 1, 8, 8), null, null, "'storage_order' must be 0 or 1",
        attrInts("kernel_shape", 2, 2), attr("storage_order", 3L));
    assertInvalid("AveragePool", s(1, 1, 8), null, null, "'strides' must be positive",
        attrInts("kernel_shape", 2), attrInts("strides", 0));
    assertInvalid("AveragePool", s(1, 1, 8, 8), null, null, "'pads' has 2 values, expected 4",
        attrInts("kernel_shape", 2, 2), attrInts("pads", 0, 1));
    assertInvalid("AveragePool", s(1, 1, 8, 8), null, null, "'count_include_pad' must be 0 or 1",
        attrInts("kernel_shape", 2, 2), attr("count_include_pad", 5L));
    assertInvalid("LpPool", s(1, 1, 8, 8), null, null, "'p' must be at least 1", attrInts("kernel_shape", 2, 2),
        attr("p", 0L));
    assertInvalid("GlobalAveragePool", s(2, 3), null, null, "must have rank 3 or more");
  }

  @Test
  void normalizationInvalid() {
    assertInvalid("InstanceNormalization", s(2, 3, 4), s(3), s(4), "the size of B (one per channel) must be 3");
    assertInvalid("LRN", s(1, 3, 4, 4), null, null, "'size' is required");
    assertInvalid("LRN", s(1, 3, 4, 4), null, null, "'size' must be positive", attr("size", 0L));
  }

  @Test
  void matrixInvalid() {
    assertInvalid("Gemm", s(3, 4), s(5, 2), null, "inner dimensions differ");
    assertInvalid("Gemm", s(3, 4), s(4, 2), s(3, 3), "does not broadcast to 3x2");
    assertInvalid("Gemm", s(3, 4), s(2, 4), s(3), "does not broadcast to 3x2", attr("transB", 1L));
    assertInvalid("Gemm", s(3, 4, 1), s(4, 2), null, "A must have rank 2");
    assertInvalid("MatMul", s(2, 3, 4), s(5, 2), null, "inner dimensions differ");
    assertInvalid("MatMul", s(2, 3, 4), s(3, 4, 2), null, "batch dimensions do not broadcast");
  }

  @Test
  void batchNormalizationChannelMismatch() {
    OnnxModelBuilder b = Harness.model().input("x", 2L, 3L, 4L);
    for (String p : List.of("scale", "bias", "mean")) {
      b.initializer(p, new float[3], 3);
    }
    b.initializer("var", new float[4], 4);
    b.node("BatchNormalization", names("x", "scale", "bias", "mean", "var"), names("y"));
    b.rankedOutput("y", 3);
    Harness.assertInvalid(b, Map.of("x", Tensor.zeros(DataType.FLOAT, new int[] {2, 3, 4})),
        "batchnormalization_0", "the size of input_var (one per channel) must be 3");
  }

  @Test
  void maxUnpoolIndexOutsideOutput() {
    OnnxModelBuilder b = Harness.model().input("x", 1L, 1L, 2L)
        .initializerLongs("i", new long[] {0, 9}, 1, 1, 2)
        .node("MaxUnpool", names("x", "i"), names("y"), attrInts("kernel_shape", 2), attrInts("strides", 2));
    b.rankedOutput("y", 3);
    Graph g = new OnnxImporter().load(b.toBytes(), "unpool");
    InferredTypes.infer(g);
    InvalidModelException e = assertThrows(InvalidModelException.class, () -> new ReferenceInterpreter().run(g,
        Map.of("x", Tensor.ofFloats(new int[] {1, 1, 2}, new float[] {1, 2}))));
    assertTrue(e.getMessage().contains("'maxunpool_0'") && e.getMessage().contains("index 9 in I is outside"),
        e.getMessage());
  }

  @Test
  void negativeImplicitPaddingIsUnsupported() {
    OnnxModelBuilder b = Harness.model().input("x", 1L, 1L, 3L)
        .initializer("w", new float[1], 1, 1, 1)
        .node("ConvTranspose", names("x", "w"), names("y"), attrInts("strides", 2), attr("auto_pad", "SAME_UPPER"));
    b.rankedOutput("y", 3);
    Graph g = new OnnxImporter().load(b.toBytes(), "negative pad");
    UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> InferredTypes.infer(g));
    assertTrue(e.getMessage().contains("'convtranspose_0'") && e.getMessage().contains("negative padding"),
        e.getMessage());
  }
}
