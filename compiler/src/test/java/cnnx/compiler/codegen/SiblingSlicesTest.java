package cnnx.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ir.ValueInfo;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which later Slices the first one's launch may compute: only chains whose every input is written before that
 * launch (a sibling computed early must not read a value produced between the two), of the same source and shape.
 */
class SiblingSlicesTest {
  private static final TensorType HALF = TensorType.of(DataType.FLOAT, 1, 2, 3);

  private static Node slice(String name, String out) {
    return Node.of(name, "Slice", List.of("x", "st", "en", "ax"), List.of(out), List.of());
  }

  /** x -> Slice a; z -> Relu r; then two fused chains headed by Slices of x: one adds r, one adds x's own slice. */
  @Test
  void aSiblingThatReadsALaterValueWaitsForItsOwnLaunch() {
    Node first = slice("first", "a");
    Node relu = Node.of("relu", "Relu", List.of("z"), List.of("r"), List.of());
    Node laterReader = Node.of("chain1", "cnnx.Fused", List.of("x", "r"), List.of("o1"), List.of());
    Node plain = Node.of("chain2", "cnnx.Fused", List.of("x"), List.of("o2"), List.of());
    Node reversed = slice("third", "c");
    Map<Node, List<Node>> bodies = new IdentityHashMap<>();
    bodies.put(laterReader, List.of(slice("s1", "b1"), Node.of("add1", "Add", List.of("b1", "r"), List.of("o1"),
        List.of())));
    bodies.put(plain, List.of(slice("s2", "b2"), Node.of("neg", "Neg", List.of("b2"), List.of("o2"), List.of())));
    Graph g = new Graph("g", 21,
        List.of(new ValueInfo("x", TensorType.of(DataType.FLOAT, 1, 4, 3)), new ValueInfo("z", HALF)),
        List.of(ValueInfo.untyped("a"), ValueInfo.untyped("o1"), ValueInfo.untyped("o2"), ValueInfo.untyped("c")),
        Map.of("st", Tensor.vector(new long[] {0}), "en", Tensor.vector(new long[] {2}),
            "ax", Tensor.vector(new long[] {1})),
        List.of(first, relu, laterReader, plain, reversed),
        Map.of("a", HALF, "r", HALF, "o1", HALF, "o2", HALF, "c", HALF));
    Set<Node> lowered = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Node> found = SiblingSlices.of(g, first, Map.of(), lowered, n -> bodies.getOrDefault(n, List.of(n)),
        op -> Set.of("Add", "Neg").contains(op));
    assertEquals(List.of("chain2", "third"), found.stream().map(Node::name).toList(),
        "chain1 reads Relu's output, written after the first Slice's launch");
    lowered.add(reversed);
    assertEquals(List.of("chain2"), SiblingSlices.of(g, first, Map.of(), lowered,
        n -> bodies.getOrDefault(n, List.of(n)), op -> Set.of("Add", "Neg").contains(op)).stream()
        .map(Node::name).toList(), "a node already lowered is not taken again");
  }
}
