package cnnx.compiler.ops.tensor;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.error.ModelException;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.testing.InferredTypes;
import cnnx.compiler.testing.OnnxModelBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Malformed nodes fail with an InvalidModelException naming the node, both in type inference and
 * when the reference interpreter runs them; valid but unimplemented variants are unsupported.
 */
class InvalidModelTest {
  private static OnnxModelBuilder model() {
    return LayoutOpsTest.model();
  }

  private static <T extends ModelException> void assertFails(Class<T> kind, OnnxModelBuilder b, String node,
      String fragment, Map<String, Tensor> inputs) {
    Graph g = Harness.load(b.untypedOutputs("y").toBytes(), "invalid");
    check(kind, () -> InferredTypes.inferFolding(g), node, fragment, "inference");
    check(kind, () -> new ReferenceInterpreter().run(g, inputs), node, fragment, "evaluation");
  }

  private static <T extends ModelException> void check(Class<T> kind, Executable run, String node, String fragment,
      String where) {
    T e = assertThrows(kind, run, where);
    assertTrue(e.getMessage().contains("'" + node + "'"), where + " names the node: " + e.getMessage());
    assertTrue(e.getMessage().contains(fragment), where + " says '" + fragment + "': " + e.getMessage());
  }

  private static void assertInvalid(OnnxModelBuilder b, String node, String fragment, Object... inputs) {
    assertFails(InvalidModelException.class, b, node, fragment, Harness.inputs(inputs));
  }

  private static Tensor x(int... shape) {
    return Tensor.zeros(cnnx.compiler.ir.DataType.FLOAT, shape);
  }

  @Test
  void transposeBadPerm() {
    assertInvalid(model().input("x", 2L, 3, 4).node("Transpose", names("x"), names("y"), attrInts("perm", 0, 0, 1)),
        "transpose_0", "not a permutation", "x", x(2, 3, 4));
    assertInvalid(model().input("x", 2L, 3, 4).node("Transpose", names("x"), names("y"), attrInts("perm", 1, 0)),
        "transpose_0", "perm has 2 entries", "x", x(2, 3, 4));
    assertInvalid(model().input("x", 2L, 3).node("Transpose", names("x"), names("y"), attrInts("perm", 0, 2)),
        "transpose_0", "not a permutation", "x", x(2, 3));
  }

  @Test
  void reshapeSizeMismatchAndTwoWildcards() {
    assertInvalid(model().input("x", 2L, 3, 4).initializerLongs("s", new long[] {5, 5}, 2)
        .node("Reshape", names("x", "s"), names("y")), "reshape_0", "cannot reshape", "x", x(2, 3, 4));
    assertInvalid(model().input("x", 2L, 3, 4).initializerLongs("s", new long[] {-1, 2, -1}, 3)
        .node("Reshape", names("x", "s"), names("y")), "reshape_0", "more than one -1", "x", x(2, 3, 4));
    assertInvalid(model().input("x", 2L, 3, 4).initializerLongs("s", new long[] {5, -1}, 2)
        .node("Reshape", names("x", "s"), names("y")), "reshape_0", "not a multiple", "x", x(2, 3, 4));
    assertInvalid(model().input("x", 2L, 3, 4).initializerLongs("s", new long[] {0, -1}, 2)
        .node("Reshape", names("x", "s"), names("y"), attr("allowzero", 1L)), "reshape_0", "both 0 and -1",
        "x", x(2, 3, 4));
    assertInvalid(model().input("x", 24L).initializerLongs("s", new long[] {4, 0}, 2)
        .node("Reshape", names("x", "s"), names("y")), "reshape_0", "copies dim 1", "x", x(24));
  }

  @Test
  void padBadPads() {
    assertInvalid(model().input("x", 2L, 3).initializerLongs("p", new long[] {1, 1, 1}, 3)
        .node("Pad", names("x", "p"), names("y")), "pad_0", "pads has 3 entries, expected 4", "x", x(2, 3));
    assertInvalid(model().input("x", 2L, 3).initializerLongs("p", new long[] {0, -2, 0, -2}, 4)
        .node("Pad", names("x", "p"), names("y")), "pad_0", "crop more", "x", x(2, 3));
    assertInvalid(model().input("x", 2L, 3).initializerLongs("p", new long[] {0, 1, 0, 1}, 4)
        .node("Pad", names("x", "p"), names("y"), attr("mode", "mirror")), "pad_0", "mode 'mirror'", "x", x(2, 3));
    assertInvalid(model().input("x", 2L, 3).initializerLongs("p", new long[] {1, 1}, 2)
        .initializerLongs("a", new long[] {1, -1}, 2)
        .node("Pad", names("x", "p", "", "a"), names("y")), "pad_0", "axis 1 twice", "x", x(2, 3));
  }

  @Test
  void splitSizesMustSum() {
    OnnxModelBuilder b = model().input("x", 2L, 5).initializerLongs("s", new long[] {2, 2}, 2)
        .node("Split", names("x", "s"), names("y", "z"), attr("axis", 1L));
    b.untypedOutputs("z");
    assertInvalid(b, "split_0", "sums to 4", "x", x(2, 5));
    b = model().input("x", 2L, 5).initializerLongs("s", new long[] {5}, 1)
        .node("Split", names("x", "s"), names("y", "z"), attr("axis", 1L));
    b.untypedOutputs("z");
    assertInvalid(b, "split_0", "1 entries for 2 outputs", "x", x(2, 5));
    b = model().input("x", 2L, 5).node("Split", names("x"), names("y", "z"), attr("axis", 1L),
        attr("num_outputs", 3L));
    b.untypedOutputs("z");
    assertInvalid(b, "split_0", "num_outputs is 3", "x", x(2, 5));
  }

  @Test
  void concatMismatch() {
    assertInvalid(model().input("a", 2L, 3).input("b", 3L, 3).node("Concat", names("a", "b"), names("y"),
        attr("axis", 1L)), "concat_0", "differs in dim 0", "a", x(2, 3), "b", x(3, 3));
    assertInvalid(model().input("a", 2L, 3).input("b", 2L, 3, 1).node("Concat", names("a", "b"), names("y"),
        attr("axis", 0L)), "concat_0", "rank", "a", x(2, 3), "b", x(2, 3, 1));
    assertInvalid(model().input("a", 2L, 3).node("Concat", names("a"), names("y"), attr("axis", 2L)),
        "concat_0", "axis 2 is out of range", "a", x(2, 3));
    assertInvalid(model().input("a", 2L, 3).node("Concat", names("a"), names("y")),
        "concat_0", "'axis' is required", "a", x(2, 3));
  }

  @Test
  void sliceBadSteps() {
    assertInvalid(model().input("x", 4L).initializerLongs("s", new long[] {0}, 1).initializerLongs("e", new long[] {3}, 1)
        .initializerLongs("a", new long[] {0}, 1).initializerLongs("t", new long[] {0}, 1)
        .node("Slice", names("x", "s", "e", "a", "t"), names("y")), "slice_0", "steps may not be 0", "x", x(4));
    assertInvalid(model().input("x", 4L, 4).initializerLongs("s", new long[] {0, 0}, 2)
        .initializerLongs("e", new long[] {3, 3}, 2).initializerLongs("a", new long[] {1, -1}, 2)
        .node("Slice", names("x", "s", "e", "a"), names("y")), "slice_0", "twice", "x", x(4, 4));
  }

  @Test
  void gatherIndexOutOfRange() {
    OnnxModelBuilder b = model().input("x", 3L, 2).typedInput("i", TensorProto.DataType.INT64_VALUE, 2)
        .node("Gather", names("x", "i"), names("y"));
    Graph g = Harness.load(b.untypedOutputs("y").toBytes(), "gather");
    check(InvalidModelException.class, () -> new ReferenceInterpreter().run(g,
        Harness.inputs("x", x(3, 2), "i", Tensor.vector(0, 3))), "gather_0", "index 3 is out of range", "evaluation");
    assertInvalid(model().input("x", 3L, 2).initializerLongs("i", new long[] {0}, 1)
        .node("Gather", names("x", "i"), names("y"), attr("axis", -3L)), "gather_0", "axis -3", "x", x(3, 2));
  }

  @Test
  void squeezeUnsqueezeBadAxes() {
    assertInvalid(model().input("x", 2L, 1).initializerLongs("a", new long[] {0}, 1)
        .node("Squeeze", names("x", "a"), names("y")), "squeeze_0", "axis 0 of size 2", "x", x(2, 1));
    assertInvalid(model().input("x", 2L, 3).initializerLongs("a", new long[] {0, -4}, 2)
        .node("Unsqueeze", names("x", "a"), names("y")), "unsqueeze_0", "twice", "x", x(2, 3));
    assertInvalid(model().input("x", 2L, 3).initializerLongs("a", new long[] {3}, 1)
        .node("Unsqueeze", names("x", "a"), names("y")), "unsqueeze_0", "out of range", "x", x(2, 3));
  }

  @Test
  void depthSpaceBlocks() {
    assertInvalid(model().input("x", 1L, 6, 2, 2).node("DepthToSpace", names("x"), names("y"), attr("blocksize", 2L)),
        "depthtospace_0", "not a multiple of blocksize^2", "x", x(1, 6, 2, 2));
    assertInvalid(model().input("x", 1L, 8, 2, 2).node("DepthToSpace", names("x"), names("y"), attr("blocksize", 2L),
        attr("mode", "RCD")), "depthtospace_0", "mode 'RCD'", "x", x(1, 8, 2, 2));
    assertInvalid(model().input("x", 1L, 1, 3, 2).node("SpaceToDepth", names("x"), names("y"), attr("blocksize", 2L)),
        "spacetodepth_0", "height 3", "x", x(1, 1, 3, 2));
  }

  @Test
  void expandTileFlatten() {
    assertInvalid(model().input("x", 2L, 3).initializerLongs("s", new long[] {4, 3}, 2)
        .node("Expand", names("x", "s"), names("y")), "expand_0", "do not broadcast", "x", x(2, 3));
    assertInvalid(model().input("x", 2L, 3).initializerLongs("r", new long[] {2}, 1)
        .node("Tile", names("x", "r"), names("y")), "tile_0", "1 entries for an input of rank 2", "x", x(2, 3));
    assertInvalid(model().input("x", 2L, 3).node("Flatten", names("x"), names("y"), attr("axis", 3L)),
        "flatten_0", "axis 3 is out of range", "x", x(2, 3));
  }

  @Test
  void resizeInputs() {
    assertInvalid(model().input("x", 1L, 1, 2, 2).initializer("sc", new float[] {1, 1, 2, 2}, 4)
        .initializerLongs("sz", new long[] {1, 1, 4, 4}, 4)
        .node("Resize", names("x", "", "sc", "sz"), names("y")), "resize_0", "exactly one of", "x", x(1, 1, 2, 2));
    assertInvalid(model().input("x", 1L, 1, 2, 2).initializer("sc", new float[] {1, 2, 2}, 3)
        .node("Resize", names("x", "", "sc"), names("y")), "resize_0", "scales has 3 entries", "x", x(1, 1, 2, 2));
    assertInvalid(model().input("x", 1L, 1, 2, 2).initializer("sc", new float[] {1, 1, -2, 2}, 4)
        .node("Resize", names("x", "", "sc"), names("y")), "resize_0", "positive", "x", x(1, 1, 2, 2));
    assertInvalid(model().input("x", 1L, 1, 2, 2).initializer("sc", new float[] {1, 1, 2, 2}, 4)
        .node("Resize", names("x", "", "sc"), names("y"), attr("mode", "bicubic")), "resize_0", "mode 'bicubic'",
        "x", x(1, 1, 2, 2));
    assertInvalid(model().input("x", 1L, 1, 2, 2).initializer("sc", new float[] {1, 1, 0.5f, 0.5f}, 4)
        .node("Resize", names("x", "", "sc"), names("y"), attr("mode", "linear"), attr("antialias", 2L)),
        "resize_0", "antialias must be 0 or 1", "x", x(1, 1, 2, 2));
  }

  @Test
  void rangeAndConstantOfShape() {
    assertInvalid(model().initializerLongs("a", new long[] {0}).initializerLongs("b", new long[] {5})
        .initializerLongs("d", new long[] {0}).node("Range", names("a", "b", "d"), names("y")),
        "range_0", "delta may not be 0");
    assertInvalid(model().initializerLongs("s", new long[] {2, -1}, 2).node("ConstantOfShape", names("s"), names("y")),
        "constantofshape_0", "negative");
    assertInvalid(model().initializerLongs("s", new long[] {2}, 1).node("ConstantOfShape", names("s"), names("y"),
        attr("value", OnnxModelBuilder.floatTensor("v", new float[] {1, 2}, 2))), "constantofshape_0", "exactly one");
  }

  /** Squeeze without axes cannot know its output rank when a dim is symbolic. */
  @Test
  void squeezeWithoutAxesOnSymbolicDim() {
    Graph g = Harness.load(model().input("x", -1L, 1, 3)
        .node("Squeeze", names("x"), names("y")).untypedOutputs("y").toBytes(), "squeeze");
    check(UnsupportedModelException.class, () -> InferredTypes.inferFolding(g), "squeeze_0", "without axes",
        "inference");
  }
}
