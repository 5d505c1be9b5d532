package cnnx.host.exec;

import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import java.util.List;
import java.util.Map;

/** The JVM reference interpreter as a device. */
public final class ReferenceRunner implements ModelRunner {
  private final Graph graph;

  public ReferenceRunner(Graph graph) {
    this.graph = graph;
  }

  @Override
  public String deviceLabel() {
    return "reference (JVM reference interpreter)";
  }

  @Override
  public RunResult run(Map<String, Tensor> inputs) {
    Map<String, Tensor> out = new ReferenceInterpreter().run(graph, inputs);
    return new RunResult(out, new Provenance(deviceLabel(), System.getProperty("java.version"), List.of(), true, null));
  }

  @Override
  public void close() {}
}
