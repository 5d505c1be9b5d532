package cnnx.compiler.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ir.ValueInfo;
import cnnx.compiler.pass.FoldConstants;
import cnnx.compiler.pass.InferShapes;
import java.util.Arrays;
import java.util.Map;

/** Type inference as the compiler runs it, and checks of inferred types against computed values. */
public final class InferredTypes {
  private InferredTypes() {}

  /** Every value's type from the graph inputs and initializers ({@link InferShapes}). */
  public static Map<String, TensorType> infer(Graph g) {
    return new InferShapes().apply(g).types();
  }

  /**
   * Types after inference and constant folding repeated until nothing more folds: values left to
   * compute and the initializers still used. Folded values that nothing uses any more have no type.
   */
  public static Map<String, TensorType> inferFolding(Graph g) {
    Graph typed = new InferShapes().apply(g);
    while (true) {
      Graph folded = new FoldConstants().apply(typed);
      Graph retyped = new InferShapes().apply(folded);
      if (folded.nodes().size() == typed.nodes().size()) {
        return retyped.types();
      }
      typed = retyped;
    }
  }

  /** The graph with input {@code name} declared as {@code type}. */
  public static Graph withInputType(Graph g, String name, TensorType type) {
    return g.withInputs(g.inputs().stream().map(v -> v.name().equals(name) ? new ValueInfo(name, type) : v).toList());
  }

  /**
   * Inferred types agree with the values a run produced: element type, rank and every known dim,
   * with and without folding. With {@code requireStatic}, inference with folding knows every dim.
   */
  public static void assertAgree(Graph g, Map<String, Tensor> produced, boolean requireStatic, String what) {
    for (boolean fold : new boolean[] {true, false}) {
      Map<String, TensorType> types = fold ? inferFolding(g) : infer(g);
      produced.forEach((name, t) -> {
        TensorType inferred = types.get(name);
        String msg = what + ": inferred " + inferred + " for '" + name + "' holding " + Arrays.toString(t.shape())
            + (fold ? " (folding)" : "");
        if (fold && inferred == null) {
          return; // folded away and no longer used
        }
        assertNotNull(inferred, msg);
        assertEquals(t.dtype(), inferred.dtype(), msg);
        assertEquals(t.rank(), inferred.rank(), msg);
        for (int i = 0; i < t.rank(); i++) {
          Dim d = inferred.dim(i);
          assertTrue(!d.isKnown() || d.value() == t.dim(i), msg);
        }
        if (fold && requireStatic) {
          assertTrue(inferred.isStatic(), msg + ": expected static dims");
        }
      });
    }
  }
}
