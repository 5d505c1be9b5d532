package cnnx.compiler.ops.elementwise;

import static cnnx.compiler.ops.elementwise.TypeContext.f;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.testing.RandomShapes;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The broadcast helper: shapes, symbolic dims, index maps against a naive multi-index walk. */
class BroadcastTest {
  private static final Node NODE = Node.of("add1", "Add", List.of("a", "b"), List.of("y"), List.of());

  @Test
  void concreteShapes() {
    assertArrayEquals(new int[] {2, 3, 4}, Broadcast.shapeOrNull(List.of(new int[] {2, 1, 4}, new int[] {3, 1})));
    assertArrayEquals(new int[] {5}, Broadcast.shapeOrNull(List.of(new int[] {}, new int[] {5})));
    assertArrayEquals(new int[] {}, Broadcast.shapeOrNull(List.of(new int[] {}, new int[] {})));
    assertArrayEquals(new int[] {0, 3}, Broadcast.shapeOrNull(List.of(new int[] {0, 1}, new int[] {1, 3})));
    assertNull(Broadcast.shapeOrNull(List.of(new int[] {2, 3}, new int[] {4})));
    assertNull(Broadcast.shapeOrNull(List.of(new int[] {0}, new int[] {2})));
    var e = assertThrows(InvalidModelException.class,
        () -> Broadcast.shape(NODE, List.of(new int[] {2, 3}, new int[] {2})));
    assertTrue(e.getMessage().contains("Add node 'add1'") && e.getMessage().contains("[2, 3]"), e.getMessage());
  }

  @Test
  void symbolicDims() {
    assertEquals(List.of(Dim.symbol("N"), Dim.of(3)), Broadcast.dims(NODE, List.of(f("N", 3), f(3))));
    assertEquals(List.of(Dim.symbol("N"), Dim.symbol("M")), Broadcast.dims(NODE, List.of(f("N", 1), f(1, "M"))));
    assertEquals(List.of(Dim.symbol("N")), Broadcast.dims(NODE, List.of(f("N"), f("N"))));
    assertEquals(List.of(Dim.unknown()), Broadcast.dims(NODE, List.of(f("N"), f("M"))));
    assertEquals(List.of(Dim.of(5)), Broadcast.dims(NODE, List.of(f("?"), f(5))));
    assertEquals(List.of(Dim.of(5)), Broadcast.dims(NODE, List.of(f("N"), f(5))));
    assertEquals(List.of(Dim.unknown()), Broadcast.dims(NODE, List.of(f("?"), f(1))));
    assertEquals(List.of(Dim.of(2), Dim.of(3)), Broadcast.dims(NODE, List.of(f(), f(2, 3))));
    var e = assertThrows(InvalidModelException.class, () -> Broadcast.dims(NODE, List.of(f("N", 3), f(4))));
    assertTrue(e.getMessage().contains("Add node 'add1'") && e.getMessage().contains("3 vs 4"), e.getMessage());
  }

  @Test
  void unidirectional() {
    Broadcast.requireUnidirectional(NODE, "slope", f(3, 1, 1), f("N", 3, 5, 5));
    Broadcast.requireUnidirectional(NODE, "slope", f(), f(2, 2));
    Broadcast.requireUnidirectional(NODE, "slope", f("C", 1), f("N", "C", 4));
    assertThrows(InvalidModelException.class, () -> Broadcast.requireUnidirectional(NODE, "slope", f(4, 1), f(2, 3, 1)));
    var e = assertThrows(InvalidModelException.class,
        () -> Broadcast.requireUnidirectional(NODE, "slope", f(1, 3, 5), f(3, 5)));
    assertTrue(e.getMessage().contains("slope"), e.getMessage());
  }

  @Test
  void indexMapsMatchNaiveWalk() {
    SplittableRandom rnd = new SplittableRandom(42);
    for (int round = 0; round < 200; round++) {
      int[][] s = RandomShapes.broadcastable(rnd, 4, rnd.nextInt(6), rnd.nextInt(6));
      int[] out = Broadcast.shapeOrNull(List.of(s[0], s[1]));
      for (int[] in : s) {
        int[] map = Broadcast.indexMapOrNull(in, out);
        int n = Shapes.size(out);
        for (int i = 0; i < n; i++) {
          assertEquals(naive(in, out, i), Broadcast.at(map, i), Arrays.toString(in) + " to " + Arrays.toString(out));
        }
      }
    }
  }

  @Test
  void indexMapOfEqualShapesIsIdentity() {
    assertNull(Broadcast.indexMapOrNull(new int[] {2, 3}, new int[] {2, 3}));
    assertArrayEquals(new int[0], Broadcast.indexMapOrNull(new int[] {1}, new int[] {0}));
    assertThrows(IllegalArgumentException.class, () -> Broadcast.alignedStrides(new int[] {2}, new int[] {3}));
  }

  /** The input index of output element i: unravel i, clamp broadcast dims to 0, ravel. */
  private static int naive(int[] in, int[] out, int i) {
    int[] idx = new int[out.length];
    for (int d = out.length - 1; d >= 0; d--) {
      idx[d] = i % out[d];
      i /= out[d];
    }
    int offset = out.length - in.length;
    int r = 0;
    for (int d = 0; d < in.length; d++) {
      r = r * in[d] + (in[d] == 1 ? 0 : idx[d + offset]);
    }
    return r;
  }
}
