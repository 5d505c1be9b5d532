package cnnx.compiler.pass;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.GraphPrinter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs named passes in order, timing each, optionally verifying and dumping the IR after each. */
public final class PassManager {
  /** How long one pass took. */
  public record Timing(String pass, long nanos) {}

  private final List<Pass> passes;
  private final boolean verify;
  private final Consumer<String> trace;
  private final List<Timing> timings = new ArrayList<>();

  /**
   * @param verify run {@link GraphVerifier} after every pass (tests do)
   * @param trace receives "after PASS:" and the IR text after each pass; null for none
   */
  public PassManager(List<Pass> passes, boolean verify, Consumer<String> trace) {
    this.passes = List.copyOf(passes);
    this.verify = verify;
    this.trace = trace;
  }

  public Graph run(Graph graph) {
    Graph g = graph;
    for (Pass p : passes) {
      long t0 = System.nanoTime();
      g = p.apply(g);
      timings.add(new Timing(p.name(), System.nanoTime() - t0));
      if (verify) {
        GraphVerifier.verify(g, p.name());
      }
      if (trace != null) {
        trace.accept("after " + p.name() + ":\n" + GraphPrinter.print(g));
      }
    }
    return g;
  }

  public List<Timing> timings() {
    return List.copyOf(timings);
  }

  /** The standard front end: shape inference and constant folding, repeated until nothing folds. */
  public static List<Pass> frontEnd() {
    return List.of(new FoldToFixpoint());
  }
}
