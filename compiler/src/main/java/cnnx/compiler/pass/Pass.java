package cnnx.compiler.pass;

import cnnx.compiler.ir.Graph;

/** One named compiler step: a pure function from graph to graph. */
public interface Pass {
  /** The step's name as it appears in logs, IR dumps and timings. */
  String name();

  Graph apply(Graph graph);
}
