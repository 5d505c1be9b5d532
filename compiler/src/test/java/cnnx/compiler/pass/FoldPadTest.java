package cnnx.compiler.pass;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomTensors;
import cnnx.compiler.testing.TensorAssert;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Which Pads fold into the window node after them, and that the folded graph computes what the original does
 * (reference interpreter on both).
 */
class FoldPadTest {
  private static final SplittableRandom RND = new SplittableRandom(11);

  /** x (1×3×7×6) → Pad(pads, value) → the window node {@code window} writes y. */
  private static Graph model(long[] pads, Float value, Consumer<OnnxModelBuilder> window) {
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).irVersion(10).input("x", 1L, 3L, 7L, 6L)
        .initializer("w", RandomTensors.normal(RND, 4, 3, 3, 3).floats(), 4, 3, 3, 3)
        .initializerLongs("pads", pads, pads.length);
    if (value != null) {
      b.initializer("value", new float[] {value});
      b.node("Pad", names("x", "pads", "value"), names("p"));
    } else {
      b.node("Pad", names("x", "pads"), names("p"));
    }
    window.accept(b);
    b.untypedOutputs("y");
    return new OnnxImporter().load(b.toBytes(), "pad.onnx");
  }

  private static Graph fold(Graph g) {
    return new PassManager(List.of(new InferShapes(), new FoldPad(), new InferShapes()), true, null).run(g);
  }

  /** Folds, checks the folded node against the original graph, and returns the folded node. */
  private static Node assertFolds(Graph g) {
    Graph f = fold(g);
    List<String> ops = f.nodes().stream().map(Node::opType).toList();
    assertEquals(1, ops.size(), "the Pad folded: " + ops);
    Map<String, Tensor> feeds = Map.of("x", RandomTensors.normal(RND, 1, 3, 7, 6));
    Map<String, Tensor> expected = new ReferenceInterpreter().run(g, feeds);
    Map<String, Tensor> actual = new ReferenceInterpreter().run(f, feeds);
    TensorAssert.assertClose(expected.get("y"), actual.get("y"), 1e-5, 1e-5, "y");
    assertTrue(f.nodes().get(0).sourceNodes().contains(g.nodes().get(0).name()), "the Pad is named as a source");
    return f.nodes().get(0);
  }

  private static void assertKept(Graph g) {
    assertEquals(g.nodes().stream().map(Node::opType).toList(),
        fold(g).nodes().stream().map(Node::opType).toList());
  }

  @Test
  void asymmetricPadFoldsIntoAStridedConvsOwnPads() {
    Node conv = assertFolds(model(new long[] {0, 0, 0, 1, 0, 0, 2, 1}, null,
        b -> b.node("Conv", names("p", "w"), names("y"), attrInts("strides", 2, 2), attrInts("pads", 1, 0, 1, 0))));
    assertArrayEquals(new long[] {1, 1, 3, 1}, conv.intsAttr("pads"));
  }

  @Test
  void padsWiderThanTheKernelFold() {
    assertFolds(model(new long[] {0, 0, 4, 3, 0, 0, 3, 4}, 0f,
        b -> b.node("Conv", names("p", "w"), names("y"), attrInts("dilations", 2, 1))));
  }

  @Test
  void averagePoolCountsTheFoldedPadding() {
    Node pool = assertFolds(model(new long[] {0, 0, 1, 1, 0, 0, 1, 1}, null,
        b -> b.node("AveragePool", names("p"), names("y"), attrInts("kernel_shape", 3, 3),
            attrInts("strides", 2, 2))));
    assertEquals(1, pool.intAttr("count_include_pad", 0));
  }

  @Test
  void padsOfTheSpatialAxesByTheAxesInputFold() {
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).irVersion(10).input("x", 1L, 3L, 7L, 6L)
        .initializer("w", RandomTensors.normal(RND, 4, 3, 3, 3).floats(), 4, 3, 3, 3)
        .initializerLongs("pads", new long[] {2, 1, 0, 1}, 4).initializerLongs("axes", new long[] {-1, 2}, 2)
        .node("Pad", names("x", "pads", "", "axes"), names("p"))
        .node("Conv", names("p", "w"), names("y"));
    Node conv = assertFolds(new OnnxImporter().load(b.untypedOutputs("y").toBytes(), "axes.onnx"));
    assertArrayEquals(new long[] {1, 2, 1, 0}, conv.intsAttr("pads"));
  }

  @Test
  void padsThatAreNotAConvsPaddingStay() {
    Consumer<OnnxModelBuilder> conv = b -> b.node("Conv", names("p", "w"), names("y"));
    assertKept(model(new long[] {0, 0, 1, 1, 0, 0, 1, 1}, 1f, conv)); // not zero
    assertKept(model(new long[] {0, 0, 1, 1, 0, 0, 1, 1}, -0f, conv)); // -0 is not a conv's +0 padding
    assertKept(model(new long[] {0, 0, -1, 1, 0, 0, 1, 1}, null, conv)); // a crop
    assertKept(model(new long[] {0, 1, 1, 1, 0, 0, 1, 1}, null,
        b -> b.initializer("w4", RandomTensors.normal(RND, 4, 4, 3, 3).floats(), 4, 4, 3, 3)
            .node("Conv", names("p", "w4"), names("y")))); // pads a channel
    assertKept(model(new long[] {0, 0, 1, 1, 0, 0, 1, 1}, null,
        b -> b.node("Conv", names("p", "w"), names("y"), attr("auto_pad", "SAME_UPPER"))));
  }

  @Test
  void poolsThatWouldChangeMeaningKeepTheirPad() {
    long[] pads = {0, 0, 1, 1, 0, 0, 1, 1};
    assertKept(model(pads, null, b -> b.node("MaxPool", names("p"), names("y"), attrInts("kernel_shape", 3, 3))));
    assertKept(model(pads, null, b -> b.node("AveragePool", names("p"), names("y"), attrInts("kernel_shape", 3, 3),
        attrInts("pads", 1, 1, 1, 1)))); // its own padding is not counted, the Pad's would be
    assertKept(model(pads, null, b -> b.node("AveragePool", names("p"), names("y"), attrInts("kernel_shape", 3, 3),
        attrInts("strides", 2, 2), attr("ceil_mode", 1L))));
  }

  @Test
  void reflectPadsAndPadsReadTwiceStay() {
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).irVersion(10).input("x", 1L, 3L, 7L, 6L)
        .initializer("w", RandomTensors.normal(RND, 4, 3, 3, 3).floats(), 4, 3, 3, 3)
        .initializerLongs("pads", new long[] {0, 0, 1, 1, 0, 0, 1, 1}, 8)
        .node("Pad", names("x", "pads"), names("r"), attr("mode", "reflect"))
        .node("Conv", names("r", "w"), names("y"))
        .node("Pad", names("x", "pads"), names("p"))
        .node("Conv", names("p", "w"), names("z"))
        .node("Relu", names("p"), names("q"));
    Graph g = new OnnxImporter().load(b.untypedOutputs("y", "z", "q").toBytes(), "kept.onnx");
    assertKept(g);
  }
}
