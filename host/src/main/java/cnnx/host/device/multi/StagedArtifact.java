package cnnx.host.device.multi;

import cnnx.host.device.Artifact;
import cnnx.host.device.Device;
import cnnx.kernels.plan.Plan;
import java.util.List;
import java.util.Optional;

/**
 * A model split into stages, each prepared for its own device.
 *
 * @param stages in order
 * @param graphOutputs the whole model's outputs, in order
 * @param placement the placement the split follows, as {@code cnnx plan} prints it
 */
record StagedArtifact(List<Stage> stages, List<String> graphOutputs, String placement) implements Artifact {
  /** One stage: the values it reads, what its device made of it, the device. */
  record Stage(List<String> inputs, Artifact artifact, Device device) {}

  StagedArtifact {
    stages = List.copyOf(stages);
    graphOutputs = List.copyOf(graphOutputs);
  }

  /** Stages have one plan each; there is no single plan to save. */
  @Override
  public Optional<Plan> plan() {
    return Optional.empty();
  }

  @Override
  public String describe() {
    StringBuilder s = new StringBuilder(stages.size() + " stage(s):");
    for (int i = 0; i < stages.size(); i++) {
      s.append(" [").append(i).append(" on ").append(stages.get(i).device().id()).append(": ")
          .append(stages.get(i).artifact().describe()).append(']');
    }
    return s.toString();
  }
}
