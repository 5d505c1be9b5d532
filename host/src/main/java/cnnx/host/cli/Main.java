package cnnx.host.cli;

import cnnx.compiler.error.CnnxException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cnnx} command line. Exit codes: 0 ok, 1 mismatch, 2 invalid input, 3 unsupported, 4 device error. */
@Command(
    name = "cnnx",
    mixinStandardHelpOptions = true,
    version = "cnnx 0.1.0",
    description = "Compiles CNN models (ONNX) to fused kernels and runs them on accelerators.",
    subcommands = {
      DemoCommand.class,
      InspectCommand.class,
      RunCommand.class,
      CompareCommand.class,
      DevicesCommand.class,
      CompileCommand.class,
      VerifyCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {
  public static final int OK = 0;
  public static final int MISMATCH = 1;
  public static final int INVALID = 2;
  public static final int UNSUPPORTED = 3;
  public static final int DEVICE_ERROR = 4;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code; typed failures print one line, never a stack trace. */
  public static int execute(String... args) {
    return execute(commandLine(), args);
  }

  /** The command line with every built-in subcommand; other modules may add theirs before executing. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main());
  }

  /** Runs a command line made by {@link #commandLine()} (perhaps with more subcommands). */
  public static int execute(CommandLine cli, String... args) {
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof CnnxException c) {
        cmd.getErr().println("cnnx: " + c.getMessage());
        return c.exitCode();
      }
      cmd.getErr().println("cnnx: internal error: " + e);
      if (System.getenv("CNNX_DEBUG") != null) {
        e.printStackTrace(cmd.getErr());
      }
      return 70;
    });
    cli.setParameterExceptionHandler((e, a) -> {
      e.getCommandLine().getErr().println("cnnx: " + e.getMessage());
      e.getCommandLine().usage(e.getCommandLine().getErr());
      return INVALID;
    });
    try {
      return cli.execute(args);
    } catch (OutOfMemoryError e) {
      cli.getErr().println("cnnx: out of memory (" + e.getMessage() + "); try a larger -Xmx");
      return INVALID;
    } catch (StackOverflowError e) {
      cli.getErr().println("cnnx: the model nests too deeply (stack overflow)");
      return INVALID;
    }
  }
}
