package cnnx.host.device.reference;

import cnnx.compiler.analysis.MemoryBudget;
import cnnx.compiler.ir.Graph;
import cnnx.host.device.Artifact;
import cnnx.kernels.plan.Plan;
import java.util.Optional;

/**
 * What the reference device runs: the model's graph with its input shapes bound, and the caller's memory
 * limit (null: half the free JVM heap) that each run's peak is checked against before it starts.
 */
record GraphArtifact(Graph graph, MemoryBudget memoryLimit) implements Artifact {
  @Override
  public Optional<Plan> plan() {
    return Optional.empty();
  }

  @Override
  public String describe() {
    return "graph for the reference interpreter: " + graph.nodes().size() + " nodes";
  }
}
