package cnnx.compiler.pass;

import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.GraphPrinter;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.Golden;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomTensors;
import cnnx.compiler.testing.TensorAssert;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FoldBatchNormTest {
  /** Conv → BN → Relu; with {@code tap}, the conv output is also a graph output. */
  private static byte[] convBn(boolean tap) {
    SplittableRandom r = new SplittableRandom(8);
    OnnxModelBuilder b = new OnnxModelBuilder().input("x", 1L, 2L, 5L, 5L)
        .initializer("w", RandomTensors.normal(r, 3, 2, 3, 3).floats(), 3, 2, 3, 3)
        .initializer("b", new float[] {0.1f, -0.2f, 0.3f}, 3)
        .initializer("s", new float[] {1.5f, 0.5f, 1f}, 3).initializer("t", new float[] {0, 0.2f, -0.1f}, 3)
        .initializer("m", new float[] {0.05f, -0.1f, 0}, 3).initializer("v", new float[] {0.8f, 1.2f, 2f}, 3)
        .node("Conv", names("x", "w", "b"), names("c"), attrInts("pads", 1, 1, 1, 1))
        .node("BatchNormalization", names("c", "s", "t", "m", "v"), names("n"))
        .node("Relu", names("n"), names("y"))
        .output("y");
    if (tap) {
      b.output("c");
    }
    return b.toBytes();
  }

  private static Graph fold(Graph g) {
    return new PassManager(List.of(new InferShapes(), new FoldBatchNorm(), new InferShapes()), true, null).run(g);
  }

  // Intent: BN disappears into the conv's weights and bias; the conv now writes BN's output.
  @Test
  void batchNormFoldsIntoTheConv() {
    Graph g = fold(new OnnxImporter().load(convBn(false), "conv-bn.onnx"));
    assertEquals(List.of("Conv", "Relu"), g.nodes().stream().map(n -> n.opType()).toList());
    assertTrue(g.nodes().get(0).sourceNodes().contains("batchnormalization_1"));
    Golden.assertMatches("fold-batch-norm/conv-bn-relu.txt", GraphPrinter.print(g).replaceAll("= \\[[^\\]]*\\]", "= [...]"));
  }

  // Intent (negative): a conv output read elsewhere must stay; nothing folds.
  @Test
  void convOutputReadElsewhereIsNotFolded() {
    Graph g = fold(new OnnxImporter().load(convBn(true), "conv-bn-tap.onnx"));
    assertEquals(List.of("Conv", "BatchNormalization", "Relu"), g.nodes().stream().map(n -> n.opType()).toList());
  }

  // Folding moves one multiply into the weights: equal within float rounding (rtol 1e-5, atol 1e-6).
  @Test
  void foldingKeepsTheNumbers() {
    Graph g = new OnnxImporter().load(convBn(false), "conv-bn.onnx");
    Tensor x = RandomTensors.normal(new SplittableRandom(3), 1, 2, 5, 5);
    Tensor before = new ReferenceInterpreter().run(g, Map.of("x", x)).get("y");
    Tensor after = new ReferenceInterpreter().run(fold(g), Map.of("x", x)).get("y");
    TensorAssert.assertClose(before, after, 1e-5, 1e-6, "y");
  }
}
