package cnnx.host.device.reference;

import cnnx.compiler.ir.Graph;
import cnnx.host.device.Artifact;
import cnnx.kernels.plan.Plan;
import java.util.Optional;

/** What the reference device runs: the model's graph with its input shapes bound. */
record GraphArtifact(Graph graph) implements Artifact {
  @Override
  public Optional<Plan> plan() {
    return Optional.empty();
  }

  @Override
  public String describe() {
    return "graph for the reference interpreter: " + graph.nodes().size() + " nodes";
  }
}
