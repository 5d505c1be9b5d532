package cnnx.host.device;

import cnnx.kernels.plan.Plan;
import java.util.Optional;

/**
 * What a provider made of a model for one device: a compiled {@link Plan} for devices that run plans, or
 * the provider's own form (the reference device keeps the graph). Only a plan can be saved to a file.
 */
public interface Artifact {
  /** The plan, for devices that run plans. */
  Optional<Plan> plan();

  /** A short description for listings: the target and size of what was made. */
  String describe();

  /** How long each compile step took, when the provider compiled. */
  default java.util.List<cnnx.compiler.pass.PassManager.Timing> timings() {
    return java.util.List.of();
  }
}
