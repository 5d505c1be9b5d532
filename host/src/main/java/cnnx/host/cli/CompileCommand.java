package cnnx.host.cli;

import cnnx.api.CompileOptions;
import cnnx.api.CompiledModel;
import cnnx.api.StepTiming;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Compiles a model for a device or a target preset; shows the plan, the IR and step timings; saves the plan. */
@Command(name = "compile", mixinStandardHelpOptions = true,
    footer = {"", "Examples:",
        "  cnnx compile model.onnx --target nvidia/h100-sxm --print-plan",
        "  cnnx compile model.onnx --device opencl --batch 2 -o model.cnnxplan",
        "  cnnx compile model.onnx --print-ir --no-fuse"},
    description = "Compile a model for a device here or a target preset; print the plan, the"
    + " IR or step timings; save the plan with -o.")
final class CompileCommand implements Callable<Integer> {
  @Parameters(paramLabel = "MODEL")
  Path model;

  /** Exactly one of a device here or a preset. */
  static final class For {
    @Option(names = "--device", paramLabel = "DEVICE", description = "A device here: opencl, opencl:N, ...")
    String device;

    @Option(names = "--target", paramLabel = "PRESET",
        description = "A target preset (see `cnnx devices`), e.g. nvidia/h100-sxm: compile only, no such device needed")
    String target;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  For forWhat;

  @Option(names = "--batch", defaultValue = "1", description = "Size for symbolic input dims. Default: ${DEFAULT-VALUE}")
  long batch;

  @Option(names = "--print-plan", description = "The target, then one line per launch: kernel, ONNX nodes, sizes,"
      + " buffers, why")
  boolean printPlan;

  @Option(names = "--print-ir", description = "The IR after every graph step")
  boolean printIr;

  @Option(names = "--no-fuse", description = "One launch per node (no BN folding, no fusion)")
  boolean noFuse;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write the plan (versioned, checksummed) for `cnnx run FILE`")
  Path output;

  @Mixin
  MemoryLimitOption memoryLimit;

  @Mixin
  LoadOption loading;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    CompileOptions o = forWhat != null && forWhat.target != null ? CompileOptions.forTarget(forWhat.target)
        : CompileOptions.forDevice(forWhat != null && forWhat.device != null ? forWhat.device : "opencl");
    o = memoryLimit.apply(o).withBatch(batch).withFuse(!noFuse).withTrace(printIr ? out::println : null);
    CompiledModel c = loading.load(model).compile(o);
    if (printPlan) {
      out.print(c.planText());
    }
    for (StepTiming t : c.timings()) {
      out.printf("step %-28s %8.2f ms%n", t.step(), t.nanos() / 1e6);
    }
    out.printf("%d launches, %d programs, target %s%n", c.launchCount(), c.programCount(), c.target());
    if (output != null) {
      c.save(output);
      out.printf("plan written to %s%n", output);
    }
    return Main.OK;
  }
}
