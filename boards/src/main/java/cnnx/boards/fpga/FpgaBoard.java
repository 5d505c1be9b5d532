package cnnx.boards.fpga;

import cnnx.boards.Target;
import java.util.Objects;

/** An FPGA board preset: its target (what listings and placement see) and its published resources. */
public record FpgaBoard(Target target, FpgaResources resources) {
  public FpgaBoard {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(resources, "resources");
  }

  public String id() {
    return target.id();
  }
}
