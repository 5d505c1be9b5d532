package cnnx.compiler.pass;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FoldConstantsTest {
  /** x.view(x.size(0), -1) as exporters write it, with a symbolic batch. */
  private static byte[] flattenBySizeModel() {
    return new OnnxModelBuilder()
        .input("x", -1L, 3L, 4L, 4L)
        .initializerLongs("zero", new long[] {0})
        .initializerLongs("minus_one", new long[] {-1}, 1)
        .node("Shape", names("x"), names("shape"))
        .node("Gather", names("shape", "zero"), names("batch"), attr("axis", 0L))
        .node("Unsqueeze", names("batch", "axes"), names("batch_1d"))
        .node("Concat", names("batch_1d", "minus_one"), names("target"), attr("axis", 0L))
        .node("Reshape", names("x", "target"), names("y"))
        .initializerLongs("axes", new long[] {0}, 1)
        .output("y")
        .toBytes();
  }

  private static List<Pass> bindThenFrontEnd(long batch) {
    List<Pass> passes = new ArrayList<>();
    passes.add(new BindInputShapes(Map.of("N", batch)));
    passes.addAll(PassManager.frontEnd());
    return passes;
  }

  // Intent: once the batch is bound, the whole shape subgraph folds and Reshape reads a constant.
  @Test
  void shapeSubgraphFoldsOnceTheBatchIsBound() {
    Graph imported = new OnnxImporter().load(flattenBySizeModel(), "flatten.onnx");
    Graph folded = new PassManager(bindThenFrontEnd(2), true, null).run(imported);
    assertEquals(List.of("Reshape"), folded.nodes().stream().map(n -> n.opType()).toList());
    assertTrue(folded.isConstant(folded.nodes().get(0).input(1)));
    Golden.assertMatches("fold-constants/shape-subgraph.txt", GraphPrinter.print(folded));
  }

  // Intent (negative): with the batch symbolic, Shape cannot fold and nothing is removed.
  @Test
  void symbolicBatchKeepsTheSubgraph() {
    Graph imported = new OnnxImporter().load(flattenBySizeModel(), "flatten.onnx");
    Graph g = new PassManager(PassManager.frontEnd(), true, null).run(imported);
    assertEquals(5, g.nodes().size());
    Golden.assertMatches("fold-constants/symbolic-batch.txt", GraphPrinter.print(g));
  }

  // Every pass keeps the numbers: the folded graph computes exactly what the imported one does.
  @Test
  void foldingKeepsTheNumbers() {
    Graph imported = new OnnxImporter().load(flattenBySizeModel(), "flatten.onnx");
    Graph folded = new PassManager(bindThenFrontEnd(2), true, null).run(imported);
    Tensor x = RandomTensors.normal(new SplittableRandom(5), 2, 3, 4, 4);
    Tensor before = new ReferenceInterpreter().run(imported, Map.of("x", x)).get("y");
    Tensor after = new ReferenceInterpreter().run(folded, Map.of("x", x)).get("y");
    assertEquals(before, after);
    assertEquals(2, after.dim(0));
    assertEquals(48, after.dim(1));
  }
}
