package cnnx.host.device;

import cnnx.kernels.plan.Plan;
import java.util.Optional;

/** A compiled plan as an artifact: what every plan-running device loads. */
public record PlanArtifact(Plan compiled, java.util.List<cnnx.compiler.pass.PassManager.Timing> timings)
    implements Artifact {
  public PlanArtifact(Plan compiled) {
    this(compiled, java.util.List.of());
  }

  @Override
  public Optional<Plan> plan() {
    return Optional.of(compiled);
  }

  @Override
  public String describe() {
    return "plan for " + compiled.origin().targetId() + ": " + compiled.launches().size() + " launches, "
        + compiled.programs().size() + " programs";
  }
}
