package cnnx.host.exec;

import cnnx.compiler.analysis.MemoryBudget;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ops.OpRegistry;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import java.util.List;
import java.util.Map;

/** The JVM reference interpreter as a device. */
public final class ReferenceRunner implements ModelRunner {
  private final Graph graph;
  private final ReferenceInterpreter interpreter;

  public ReferenceRunner(Graph graph) {
    this(graph, null);
  }

  /** @param budget the most memory a run may take; null for the free JVM heap */
  public ReferenceRunner(Graph graph, MemoryBudget budget) {
    this.graph = graph;
    this.interpreter = new ReferenceInterpreter(OpRegistry.standard(), budget);
  }

  @Override
  public String deviceLabel() {
    return "reference (JVM reference interpreter)";
  }

  @Override
  public RunResult run(Map<String, Tensor> inputs) {
    Map<String, Tensor> out = interpreter.run(graph, inputs);
    return new RunResult(out, new Provenance(deviceLabel(), System.getProperty("java.version"), List.of(), true, null));
  }

  @Override
  public void close() {}
}
