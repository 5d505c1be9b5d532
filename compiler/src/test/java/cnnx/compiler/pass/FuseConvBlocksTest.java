package cnnx.compiler.pass;

import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnx.compiler.codegen.KernelLibrary;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.GraphPrinter;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.ops.fused.FusedOp;
import cnnx.compiler.testing.Golden;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomTensors;
import cnnx.compiler.testing.TensorAssert;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FuseConvBlocksTest {
  /** A residual block: x → Conv → Relu → Conv → Add(x) → Relu → MaxPool 2x2 (windows tile). */
  private static byte[] residual(long poolKernel, long poolStride) {
    SplittableRandom r = new SplittableRandom(5);
    return new OnnxModelBuilder().input("x", 1L, 4L, 6L, 6L)
        .initializer("w1", RandomTensors.normal(r, 4, 4, 3, 3).floats(), 4, 4, 3, 3)
        .initializer("w2", RandomTensors.normal(r, 4, 4, 3, 3).floats(), 4, 4, 3, 3)
        .node("Conv", names("x", "w1"), names("c1"), attrInts("pads", 1, 1, 1, 1))
        .node("Relu", names("c1"), names("r1"))
        .node("Conv", names("r1", "w2"), names("c2"), attrInts("pads", 1, 1, 1, 1))
        .node("Add", names("c2", "x"), names("a"))
        .node("Relu", names("a"), names("r2"))
        .node("MaxPool", names("r2"), names("y"), attrInts("kernel_shape", poolKernel, poolKernel),
            attrInts("strides", poolStride, poolStride))
        .output("y").toBytes();
  }

  private static Graph fuse(Graph g) {
    return new PassManager(List.of(new InferShapes(), new FuseConvBlocks(KernelLibrary.standard())), true, null).run(g);
  }

  // Intent: two conv blocks, the second taking the residual Add, Relu and the tiling pool.
  @Test
  void residualBlockBecomesTwoFusedNodes() {
    Graph g = fuse(new OnnxImporter().load(residual(2, 2), "residual.onnx"));
    assertEquals(List.of(FusedOp.OP_TYPE, FusedOp.OP_TYPE), g.nodes().stream().map(n -> n.opType()).toList());
    assertEquals(List.of("conv_2", "add_3", "relu_4", "maxpool_5"), g.nodes().get(1).sourceNodes());
    Golden.assertMatches("fuse-conv-blocks/residual.txt", GraphPrinter.print(g).replaceAll("= \\[[^\\]]*\\]", "= [...]"));
  }

  // Intent (negative): an overlapping 3x3/2 pool is not fused; it stays its own node.
  @Test
  void overlappingPoolStaysSeparate() {
    Graph g = fuse(new OnnxImporter().load(residual(3, 2), "residual-overlap.onnx"));
    assertEquals(List.of(FusedOp.OP_TYPE, FusedOp.OP_TYPE, "MaxPool"), g.nodes().stream().map(n -> n.opType()).toList());
  }

  // Fusion regroups nodes without changing any arithmetic: bitwise equal on the interpreter.
  @Test
  void fusionKeepsTheNumbers() {
    Graph g = new OnnxImporter().load(residual(2, 2), "residual.onnx");
    Tensor x = RandomTensors.normal(new SplittableRandom(1), 1, 4, 6, 6);
    Tensor before = new ReferenceInterpreter().run(g, Map.of("x", x)).get("y");
    Tensor after = new ReferenceInterpreter().run(fuse(g), Map.of("x", x)).get("y");
    TensorAssert.assertClose(before, after, 0, 0, "y");
  }
}
