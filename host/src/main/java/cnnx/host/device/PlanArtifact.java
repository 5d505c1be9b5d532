package cnnx.host.device;

import cnnx.compiler.analysis.MemoryBudget;
import cnnx.compiler.pass.PassManager;
import cnnx.kernels.plan.Plan;
import java.util.List;
import java.util.Optional;

/**
 * A compiled plan as an artifact: what every plan-running device loads.
 *
 * @param memoryLimit the caller's memory limit, checked again where the plan is loaded; null for the device's
 *     global memory alone
 */
public record PlanArtifact(Plan compiled, List<PassManager.Timing> timings, MemoryBudget memoryLimit)
    implements Artifact {
  public PlanArtifact(Plan compiled) {
    this(compiled, List.of(), null);
  }

  public PlanArtifact(Plan compiled, List<PassManager.Timing> timings) {
    this(compiled, timings, null);
  }

  /** The same plan under another memory limit (null: the device's). */
  public PlanArtifact withMemoryLimit(MemoryBudget limit) {
    return new PlanArtifact(compiled, timings, limit);
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
