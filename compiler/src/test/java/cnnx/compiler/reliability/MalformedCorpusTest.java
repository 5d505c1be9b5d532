package cnnx.compiler.reliability;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.error.ModelException;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.onnx.proto.OnnxProtos.AttributeProto;
import cnnx.compiler.pass.BindInputShapes;
import cnnx.compiler.pass.InferShapes;
import cnnx.compiler.testing.OnnxModelBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of structurally malformed models, each made here: loading and typing each ends in a
 * {@link ModelException} whose one-line message names the offending node or tensor.
 */
class MalformedCorpusTest {
  private static final float[] W8 = new float[8 * 3 * 3 * 3];

  /** x [1,3,8,8] → one node of the given op reading x and extra initializers. */
  private static OnnxModelBuilder one(String op, List<String> inputs, AttributeProto... attrs) {
    return new OnnxModelBuilder().input("x", 1L, 3L, 8L, 8L).initializer("w", W8, 8, 3, 3, 3)
        .initializer("w4", new float[4 * 3 * 3 * 3], 4, 3, 3, 3)
        .initializer("bias5", new float[5], 5)
        .initializer("v3", new float[3], 3).initializer("v4", new float[4], 4)
        .initializerLongs("shape_bad", new long[] {-1, -1}, 2)
        .initializerLongs("shape_7", new long[] {7, 7}, 2)
        .initializerLongs("perm_bad", new long[] {0, 0, 1, 2}, 4)
        .initializerLongs("pads_short", new long[] {1, 1}, 2)
        .initializerLongs("split_bad", new long[] {1, 1}, 2)
        .initializerLongs("axes_9", new long[] {9}, 1)
        .initializerLongs("axes_dup", new long[] {0, 0}, 2)
        .initializerLongs("steps_0", new long[] {0}, 1)
        .initializerLongs("one", new long[] {1}, 1)
        .initializerLongs("reps_short", new long[] {2}, 1)
        .initializerLongs("expand_bad", new long[] {5, 5}, 2)
        .node(op, inputs, names("y"), attrs).output("y");
  }

  static Stream<Arguments> corpus() {
    Map<String, Supplier<OnnxModelBuilder>> c = new java.util.LinkedHashMap<>();
    c.put("conv group does not divide channels", () -> one("Conv", names("x", "w"), attr("group", 2L)));
    c.put("conv stride 0", () -> one("Conv", names("x", "w"), attrInts("strides", 0, 1)));
    c.put("conv dilation 0", () -> one("Conv", names("x", "w"), attrInts("dilations", 1, 0)));
    c.put("conv kernel larger than input", () -> one("Conv", names("x", "w"), attrInts("kernel_shape", 9, 9)));
    c.put("conv pads of wrong length", () -> one("Conv", names("x", "w"), attrInts("pads", 1, 1)));
    c.put("conv negative pads", () -> one("Conv", names("x", "w"), attrInts("pads", -1, 0, 0, 0)));
    c.put("conv weight channels mismatch", () -> one("Conv", names("x", "w4"), attr("group", 3L)));
    c.put("conv bias of wrong size", () -> one("Conv", names("x", "w", "bias5")));
    c.put("conv weight rank mismatch", () -> one("Conv", names("x", "v3")));
    c.put("conv unknown auto_pad", () -> one("Conv", names("x", "w"), attr("auto_pad", "SIDEWAYS")));
    c.put("conv pads as INT not INTS", () -> one("Conv", names("x", "w"), attr("pads", 1L)));
    c.put("conv missing weight", () -> one("Conv", names("x")));
    c.put("conv transpose output_padding too big", () -> one("ConvTranspose", names("x", "w"),
        attrInts("strides", 1, 1), attrInts("output_padding", 2, 2)));
    c.put("maxpool without kernel_shape", () -> one("MaxPool", names("x")));
    c.put("maxpool stride 0", () -> one("MaxPool", names("x"), attrInts("kernel_shape", 2, 2), attrInts("strides", 0, 2)));
    c.put("averagepool kernel larger than input", () -> one("AveragePool", names("x"), attrInts("kernel_shape", 10, 10)));
    c.put("batchnorm channel mismatch", () -> one("BatchNormalization", names("x", "v4", "v4", "v4", "v4")));
    c.put("batchnorm missing inputs", () -> one("BatchNormalization", names("x", "v3")));
    c.put("gemm inner dims mismatch", () -> one("Gemm", names("x", "v3")));
    c.put("matmul inner dims mismatch", () -> one("MatMul", names("x", "w")));
    c.put("reshape with two -1", () -> one("Reshape", names("x", "shape_bad")));
    c.put("reshape element count mismatch", () -> one("Reshape", names("x", "shape_7")));
    c.put("transpose bad perm", () -> one("Transpose", names("x"), attrInts("perm", 0, 0, 1, 2)));
    c.put("transpose perm of wrong length", () -> one("Transpose", names("x"), attrInts("perm", 1, 0)));
    c.put("concat axis out of range", () -> one("Concat", names("x", "x"), attr("axis", 7L)));
    c.put("concat rank mismatch", () -> one("Concat", names("x", "v3"), attr("axis", 0L)));
    c.put("split sizes do not sum", () -> one("Split", names("x", "split_bad"), attr("axis", 1L)));
    c.put("pad pads of wrong length", () -> one("Pad", names("x", "pads_short")));
    c.put("slice step 0", () -> one("Slice", names("x", "one", "one", "one", "steps_0")));
    c.put("squeeze axis out of range", () -> one("Squeeze", names("x", "axes_9")));
    c.put("squeeze axis not of size one", () -> one("Squeeze", names("x", "one")));
    c.put("unsqueeze duplicate axes", () -> one("Unsqueeze", names("x", "axes_dup")));
    c.put("flatten axis out of range", () -> one("Flatten", names("x"), attr("axis", 9L)));
    c.put("softmax axis out of range", () -> one("Softmax", names("x"), attr("axis", 4L)));
    c.put("reduce axis out of range", () -> one("ReduceSum", names("x", "axes_9")));
    c.put("tile repeats of wrong length", () -> one("Tile", names("x", "reps_short")));
    c.put("expand incompatible shape", () -> one("Expand", names("x", "expand_bad")));
    c.put("depth to space channels not divisible", () -> one("DepthToSpace", names("x"), attr("blocksize", 2L)));
    c.put("space to depth size not divisible", () -> one("SpaceToDepth", names("x"), attr("blocksize", 3L)));
    c.put("add shapes do not broadcast", () -> one("Add", names("x", "v4")));
    c.put("prelu slope does not broadcast", () -> one("PRelu", names("x", "v4")));
    c.put("gather axis out of range", () -> one("Gather", names("x", "one"), attr("axis", 5L)));
    c.put("lrn without size", () -> one("LRN", names("x")));
    c.put("instance norm scale mismatch", () -> one("InstanceNormalization", names("x", "v4", "v4")));
    c.put("relu with two inputs", () -> one("Relu", names("x", "x")));
    c.put("leaky relu alpha of wrong kind", () -> one("LeakyRelu", names("x"), attrInts("alpha", 1)));
    c.put("global pool of a rank-1 input", () -> one("GlobalAveragePool", names("v3")));
    c.put("resize without scales or sizes", () -> one("Resize", names("x")));
    return c.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void rejectedWithAMessageNamingTheNode(String name, Supplier<OnnxModelBuilder> model) {
    byte[] bytes = model.get().toBytes();
    ModelException e = assertThrows(ModelException.class, () -> {
      Graph g = new OnnxImporter().load(bytes, "corpus.onnx");
      new InferShapes().apply(new BindInputShapes(Map.of()).apply(g));
    }, name);
    String nodeName = model.get().build().getGraph().getNode(0).getName();
    assertTrue(e.getMessage().contains(nodeName), name + ": '" + e.getMessage() + "' should name " + nodeName);
    assertTrue(e.getMessage().indexOf('\n') < 0, name + ": one line");
  }

  @org.junit.jupiter.api.Test
  void theCorpusHasAtLeastFortyModels() {
    assertTrue(corpus().count() >= 40);
  }
}
