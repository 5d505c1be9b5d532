package cnnx.compiler.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.ir.Attribute;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.Cost;
import cnnx.compiler.ops.OpRegistry;
import cnnx.compiler.ops.fused.FusedOp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LayerCostTest {
  private static final int F = 4; // bytes per float32

  /** A graph holding only the given node and its values' types ("name" -> dims). */
  private static Graph graph(Node n, Map<String, long[]> dims) {
    Map<String, TensorType> types = new HashMap<>();
    dims.forEach((v, d) -> types.put(v, TensorType.of(DataType.FLOAT, d)));
    return new Graph("g", 18, List.of(), List.of(), Map.of(), List.of(n), types);
  }

  private static Node node(String op, List<String> in, String out, Attribute... attrs) {
    return Node.of("n", op, in, List.of(out), List.of(attrs));
  }

  private static Cost cost(Node n, Map<String, long[]> dims) {
    return LayerCost.cost(graph(n, dims), n).orElseThrow();
  }

  @Test
  void convMacsAreOutputsTimesInputChannelsTimesKernel() {
    Node n = node("Conv", List.of("x", "w", "b"), "y");
    Cost c = cost(n, Map.of("x", new long[] {1, 3, 8, 8}, "w", new long[] {4, 3, 3, 3}, "b", new long[] {4},
        "y", new long[] {1, 4, 6, 6}));
    assertEquals(4 * 6 * 6 * (3 * 3 * 3), c.macs());
    assertEquals((3 * 8 * 8 + 4 * 3 * 3 * 3 + 4) * F, c.bytesRead());
    assertEquals(4 * 6 * 6 * F, c.bytesWritten());
  }

  @Test
  void groupedConvCountsOnlyItsGroupsChannels() {
    Node n = node("Conv", List.of("x", "w"), "y", Attribute.ofInt("group", 2));
    Cost c = cost(n, Map.of("x", new long[] {1, 4, 5, 5}, "w", new long[] {8, 2, 3, 3}, "y", new long[] {1, 8, 3, 3}));
    assertEquals(8 * 3 * 3 * (2 * 3 * 3), c.macs());
  }

  @Test
  void convTransposeScattersEachInputIntoItsKernel() {
    Node n = node("ConvTranspose", List.of("x", "w"), "y");
    Cost c = cost(n, Map.of("x", new long[] {1, 2, 3, 3}, "w", new long[] {2, 4, 3, 3}, "y", new long[] {1, 4, 5, 5}));
    assertEquals(2 * 3 * 3 * (4 * 3 * 3), c.macs());
  }

  @Test
  void gemmAndMatMulAreDotProductsOfTheSharedAxis() {
    Map<String, long[]> plain = Map.of("a", new long[] {5, 3}, "b", new long[] {3, 7}, "y", new long[] {5, 7});
    assertEquals(5 * 7 * 3, cost(node("Gemm", List.of("a", "b"), "y"), plain).macs());
    Map<String, long[]> transposed = Map.of("a", new long[] {3, 5}, "b", new long[] {3, 7}, "y", new long[] {5, 7});
    assertEquals(5 * 7 * 3, cost(node("Gemm", List.of("a", "b"), "y", Attribute.ofInt("transA", 1)), transposed).macs());
    Map<String, long[]> batched = Map.of("a", new long[] {2, 5, 3}, "b", new long[] {3, 7}, "y", new long[] {2, 5, 7});
    assertEquals(2 * 5 * 7 * 3, cost(node("MatMul", List.of("a", "b"), "y"), batched).macs());
  }

  @Test
  void opsWithoutMacsMoveTheirValuesOnly() {
    Node n = node("Relu", List.of("x"), "y");
    Graph g = graph(n, Map.of("x", new long[] {2, 3}, "y", new long[] {2, 3}));
    assertEquals(new Cost(0, 6 * F, 6 * F), LayerCost.cost(g, n).orElseThrow());
    assertEquals(Optional.empty(), LayerCost.macs(g, n));
  }

  @Test
  void aShapeThatIsNotStaticHasNoCost() {
    Node n = node("Conv", List.of("x", "w"), "y");
    Map<String, TensorType> types = Map.of(
        "x", new TensorType(DataType.FLOAT, List.of(Dim.unknown(), Dim.of(3), Dim.of(8), Dim.of(8))),
        "w", TensorType.of(DataType.FLOAT, 4, 3, 3, 3),
        "y", new TensorType(DataType.FLOAT, List.of(Dim.unknown(), Dim.of(4), Dim.of(6), Dim.of(6))));
    Graph g = new Graph("g", 18, List.of(), List.of(), Map.of(), List.of(n), types);
    assertEquals(Optional.empty(), LayerCost.cost(g, n));
    assertEquals(Optional.empty(), LayerCost.macs(g, n));
  }

  @Test
  void aFusedBlockHasItsBodysMacsAndMovesOnlyItsOwnValues() {
    Node conv = node("Conv", List.of("x", "w"), "c");
    Node relu = node("Relu", List.of("c"), "y");
    Node fused = Node.of("f", FusedOp.OP_TYPE, List.of("x", "w"), List.of("y"),
        List.of(Attribute.ofNodes("body", List.of(conv, relu))));
    Cost c = cost(fused, Map.of("x", new long[] {1, 3, 8, 8}, "w", new long[] {4, 3, 3, 3},
        "c", new long[] {1, 4, 6, 6}, "y", new long[] {1, 4, 6, 6}));
    assertEquals(4 * 6 * 6 * 27, c.macs());
    assertEquals((3 * 8 * 8 + 4 * 27) * F, c.bytesRead());
    assertEquals(4 * 6 * 6 * F, c.bytesWritten());
  }

  /** Any op on typed values has a cost: its values' bytes, and MACs that are never negative. */
  @Test
  void everyRegisteredOpHasAConsistentCost() {
    Node body = node("Relu", List.of("a"), "y");
    for (String op : OpRegistry.standard().all().keySet()) {
      Node n = node(op, List.of("a", "b", "c"), "y", Attribute.ofNodes("body", List.of(body)));
      Map<String, long[]> dims = Map.of("a", new long[] {4, 4}, "b", new long[] {4, 4}, "c", new long[] {4},
          "y", new long[] {4, 4});
      Cost c = cost(n, dims);
      assertEquals((16 + 16 + 4) * F, c.bytesRead(), op);
      assertEquals(16 * F, c.bytesWritten(), op);
      assertTrue(c.macs() >= 0, op);
    }
  }
}
