package cnnx.compiler.pass;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.GraphPrinter;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.ValueInfo;
import cnnx.compiler.ops.OpRegistry;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks the IR invariants after a pass: every op known, every value defined once before it is
 * read, every value typed once types exist, every graph output computed. Fails on the first bad
 * node, with the IR printed. A failure here is a compiler defect, not a model defect.
 */
public final class GraphVerifier {
  private GraphVerifier() {}

  public static void verify(Graph g, String afterPass) {
    Set<String> defined = new HashSet<>(g.initializers().keySet());
    g.inputs().forEach(i -> defined.add(i.name()));
    // Once inference has run (some node output typed), every value must be typed.
    boolean typed = g.nodes().stream().anyMatch(n -> n.outputs().stream().anyMatch(g.types()::containsKey));
    for (Node n : g.nodes()) {
      if (!OpRegistry.standard().supports(n.opType())) {
        fail(g, afterPass, n.describe() + " has an unknown op");
      }
      for (String in : n.inputs()) {
        if (!in.isEmpty() && !defined.contains(in)) {
          fail(g, afterPass, n.describe() + " reads '" + in + "' before it is defined");
        }
      }
      for (String out : n.outputs()) {
        if (out.isEmpty()) {
          continue;
        }
        if (!defined.add(out)) {
          fail(g, afterPass, n.describe() + " redefines '" + out + "'");
        }
        if (typed && g.typeOf(out).isEmpty()) {
          fail(g, afterPass, n.describe() + " output '" + out + "' has no type");
        }
      }
    }
    for (ValueInfo o : g.outputs()) {
      if (!defined.contains(o.name())) {
        fail(g, afterPass, "graph output '" + o.name() + "' is never computed");
      }
    }
  }

  private static void fail(Graph g, String afterPass, String problem) {
    throw new IllegalStateException("IR invalid after " + afterPass + ": " + problem + "\n" + GraphPrinter.print(g));
  }
}
