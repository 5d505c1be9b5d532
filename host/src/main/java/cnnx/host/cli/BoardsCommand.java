package cnnx.host.cli;

import cnnx.api.BoardInfo;
import cnnx.api.Cnnx;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Lists every preset — GPUs, CPUs and FPGA boards — with its figures and, for boards, published resources. */
@Command(name = "boards", description = "List every device preset (GPU, CPU, FPGA board) with its figures; FPGA"
    + " boards with their published resources. `cnnx plan --devices` takes any of these ids.")
final class BoardsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    for (BoardInfo b : Cnnx.boards()) {
      out.println(b.summary());
      if (!b.resources().isEmpty()) {
        out.println("    " + b.resources());
      }
    }
    return Main.OK;
  }
}
