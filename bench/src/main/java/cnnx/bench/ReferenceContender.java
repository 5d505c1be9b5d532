package cnnx.bench;

import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import java.util.Map;

/** The JVM reference interpreter. */
final class ReferenceContender implements Contender {
  private final Graph graph;

  ReferenceContender(Graph graph) {
    this.graph = graph;
  }

  @Override
  public String id() {
    return "reference";
  }

  @Override
  public String description() {
    return "JVM reference interpreter, Java " + System.getProperty("java.version");
  }

  @Override
  public void prepare(Map<String, Tensor> inputs) {}

  @Override
  public Timed run(Map<String, Tensor> inputs) {
    long t0 = System.nanoTime();
    Map<String, Tensor> out = new ReferenceInterpreter().run(graph, inputs);
    return Timed.wallOnly(out, System.nanoTime() - t0);
  }

  @Override
  public void close() {}
}
