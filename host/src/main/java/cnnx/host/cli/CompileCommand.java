package cnnx.host.cli;

import cnnx.compiler.Compiler;
import cnnx.compiler.ir.GraphPrinter;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.pass.PassManager;
import cnnx.kernels.plan.PlanPrinter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Compiles a model for a device and shows the plan. */
@Command(name = "compile", description = "Compile a model to an OpenCL plan; print it, the IR or pass timings.")
final class CompileCommand implements Callable<Integer> {
  @Parameters(paramLabel = "MODEL")
  Path model;

  @Option(names = "--batch", defaultValue = "1", description = "Size for symbolic input dims. Default: ${DEFAULT-VALUE}")
  long batch;

  @Option(names = "--print-plan", description = "One line per launch: kernel, ONNX nodes, sizes, buffers")
  boolean printPlan;

  @Option(names = "--print-ir", description = "The IR after every pass")
  boolean printIr;

  @Option(names = "--no-fuse", description = "One launch per node (no BN folding, no fusion)")
  boolean noFuse;

  @Mixin
  DeviceOption device;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    device.resolve();
    Compiler.Options o = Compiler.Options.defaults().withBatch(batch).withFuse(!noFuse)
        .withTrace(printIr ? out::println : null);
    Compiler.Compiled c = new Compiler().compile(new OnnxImporter().load(model), o);
    if (printPlan) {
      out.print(PlanPrinter.print(c.plan()));
    }
    if (printIr && !printPlan) {
      out.print(GraphPrinter.print(c.graph()));
    }
    for (PassManager.Timing t : c.timings()) {
      out.printf("pass %-20s %8.2f ms%n", t.pass(), t.nanos() / 1e6);
    }
    out.printf("%d launches, %d programs%n", c.plan().launches().size(), c.plan().programs().size());
    return Main.OK;
  }
}
