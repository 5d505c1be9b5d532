package cnnx.host.device.aparapi;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.pass.PassManager;
import cnnx.host.device.Artifact;
import cnnx.host.device.aparapi.lower.ModelLowering;
import cnnx.kernels.plan.Plan;
import java.util.List;
import java.util.Optional;

/**
 * What the Aparapi devices run: the compiled graph (front end, batch norms folded, conv blocks fused) lowered to
 * kernel steps. Not a plan: the kernels are Java classes, so there is nothing to save.
 */
record AparapiArtifact(Graph graph, ModelLowering.Lowered lowered, List<PassManager.Timing> timings)
    implements Artifact {
  @Override
  public Optional<Plan> plan() {
    return Optional.empty();
  }

  @Override
  public String describe() {
    long launches = lowered.steps().stream().filter(s -> !s.kernel().equals("alias")).count();
    return "Aparapi kernel steps for graph '" + graph.name() + "': " + launches + " launching steps";
  }
}
