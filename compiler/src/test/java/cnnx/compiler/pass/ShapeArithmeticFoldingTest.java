package cnnx.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.ExporterPatterns;
import cnnx.compiler.testing.OracleRun;
import cnnx.compiler.testing.RandomTensors;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Exporters' shape arithmetic (Shape → Gather → arithmetic → Concat → Reshape, and deeper chains
 * that read shapes of values computed from such reshapes) folds completely once the batch is
 * bound: no shape op is left and every value has a static type. The models run on the reference
 * and on ONNX Runtime first, so the patterns themselves are right.
 */
class ShapeArithmeticFoldingTest {

  @Test
  void shuffleNetUnitsFold() {
    byte[] model = ExporterPatterns.shuffleNetUnits(8, 5, 6, 1);
    check(model, RandomTensors.normal(new SplittableRandom(1), 3, 8, 5, 6), "x",
        List.of("Reshape", "Transpose", "Reshape", "Slice", "Slice", "Conv", "Relu", "Concat",
            "Reshape", "Transpose", "Reshape", "Slice", "Slice", "Conv", "Relu", "Concat", "Identity"));
  }

  @Test
  void yoloGridFolds() {
    byte[] model = ExporterPatterns.yoloGrid(3, 6, 4, 5);
    Graph g = check(model, RandomTensors.normal(new SplittableRandom(2), 2, 18, 4, 5), "p", null);
    // The grid itself is a constant now: only the decode of the feature map is computed.
    assertEquals(List.of("Reshape", "Transpose", "Slice", "Sigmoid", "Mul", "Sub", "Add", "Mul"),
        g.nodes().stream().map(Node::opType).toList());
  }

  @Test
  void tfSamePaddingFolds() {
    byte[] model = ExporterPatterns.tfSamePadding(3, 11, 10, 3, 2, 3);
    check(model, RandomTensors.normal(new SplittableRandom(3), 2, 3, 11, 10), "x", List.of("Pad", "Conv"));
  }

  @Test
  void reshapeThroughShapeFolds() {
    byte[] model = ExporterPatterns.reshapeThroughShape(4, 3, 5);
    check(model, RandomTensors.normal(new SplittableRandom(4), 2, 4, 3, 5), "x",
        List.of("Reshape", "ReduceMean", "Reshape"));
  }

  /** A reshape target whose length is computed from the input's rank types and folds in one pass. */
  @Test
  void rankComputedReshapeFolds() {
    byte[] model = ExporterPatterns.rankComputedReshape(3, 4, 5);
    check(model, RandomTensors.normal(new SplittableRandom(5), 2, 3, 4, 5), "x",
        List.of("Flatten", "ReduceMean", "Reshape", "Sub"));
  }

  /** PyTorch's LPPool2d export (Sign included) runs on the reference as on ONNX Runtime. */
  @Test
  void lpPool2dExportMatchesOrt() {
    for (float p : new float[] {2f, 3f}) {
      OracleRun.compare(ExporterPatterns.lpPool2d(3, 8, 7, 2, 2, p),
          Map.of("x", RandomTensors.normal(new SplittableRandom((long) p), 2, 3, 8, 7)), 1e-5, 1e-5, "LPPool2d p=" + p);
    }
  }

  // Intent: the fixpoint also holds when the batch differs from the one the model was traced at.
  @Test
  void foldingFollowsTheBoundBatch() {
    byte[] model = ExporterPatterns.shuffleNetUnits(8, 5, 6, 1);
    for (int batch : new int[] {1, 4}) {
      check(model, RandomTensors.normal(new SplittableRandom(batch), batch, 8, 5, 6), "x", null);
    }
  }

  /** Runs on ONNX Runtime and the reference, then folds with the batch bound; returns the folded graph. */
  private static Graph check(byte[] model, Tensor input, String inputName, List<String> expectedOps) {
    OracleRun.Result ref = OracleRun.compare(model, Map.of(inputName, input), 1e-5, 1e-5, "pattern");
    Graph imported = new OnnxImporter().load(model, "pattern.onnx");
    List<Pass> passes = new java.util.ArrayList<>();
    passes.add(BindInputShapes.exact(Map.of(inputName, input.shape())));
    passes.addAll(PassManager.frontEnd());
    Graph g = new PassManager(passes, true, null).run(imported);
    for (Node n : g.nodes()) {
      for (String out : n.outputs()) {
        assertTrue(g.typeOf(out).orElseThrow().isStatic(), n.describe() + " output " + out + " is not static");
      }
    }
    List<String> ops = g.nodes().stream().map(Node::opType).toList();
    if (expectedOps != null) {
      assertEquals(expectedOps, ops);
    }
    assertTrue(ops.stream().noneMatch(o -> o.equals("Shape") || o.equals("Size")), "shape ops left: " + ops);
    // The folded graph computes what the unfolded one did.
    Map<String, Tensor> out = new cnnx.compiler.interp.ReferenceInterpreter().run(g, Map.of(inputName, input));
    ref.outputs().forEach((name, e) -> cnnx.compiler.testing.TensorAssert.assertClose(e, out.get(name), 0, 0,
        "folded " + name));
    return g;
  }
}
