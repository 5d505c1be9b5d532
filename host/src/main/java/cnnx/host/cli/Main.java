package cnnx.host.cli;

import cnnx.api.CnnxException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cnnx} command line. Exit codes: 0 ok, 1 mismatch, 2 invalid input, 3 unsupported, 4 device error. */
@Command(
    name = "cnnx",
    mixinStandardHelpOptions = true,
    versionProvider = VersionInfo.class,
    description = "Compiles CNN models (ONNX) to fused kernels and runs them on accelerators.",
    footer = {"", "Examples:",
        "  cnnx demo                  # Fashion-MNIST on the best device here",
        "  cnnx classify model.onnx photos/ --labels classes.txt --device opencl",
        "  cnnx COMMAND --help        # a command's options and examples"})
public final class Main {
  public static final int OK = 0;
  public static final int MISMATCH = 1;
  public static final int INVALID = 2;
  public static final int UNSUPPORTED = 3;
  public static final int DEVICE_ERROR = 4;

  public static void main(String[] args) {
    int code = execute(args);
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }

  /** The built-in subcommands in the order help lists them. */
  private static Map<String, Supplier<Object>> commands() {
    Map<String, Supplier<Object>> m = new LinkedHashMap<>();
    m.put("demo", DemoCommand::new);
    m.put("classify", ClassifyCommand::new);
    m.put("inspect", InspectCommand::new);
    m.put("run", RunCommand::new);
    m.put("compare", CompareCommand::new);
    m.put("devices", DevicesCommand::new);
    m.put("compile", CompileCommand::new);
    m.put("verify", VerifyCommand::new);
    m.put("boards", BoardsCommand::new);
    m.put("plan", PlanCommand::new);
    m.put("tune", TuneCommand::new);
    m.put("help", CommandLine.HelpCommand::new);
    return m;
  }

  /** Runs the CLI and returns its exit code; typed failures print one line, never a stack trace. */
  public static int execute(String... args) {
    return execute(commandLine(args.length > 0 ? args[0] : null), args);
  }

  /** The command line with every built-in subcommand; other modules (bench) may add theirs before executing. */
  public static CommandLine commandLine() {
    return commandLine(null);
  }

  /**
   * The command line for arguments starting with {@code first}: only that subcommand when it names one (picocli
   * reflects over every option of every subcommand it is given, about 0.2 s of a warm start for all of them),
   * else all of them, for the top-level help, the version and the message that suggests a command.
   */
  static CommandLine commandLine(String first) {
    CommandLine cli = new CommandLine(new Main());
    Map<String, Supplier<Object>> all = commands();
    Supplier<Object> only = first == null || first.equals("help") ? null : all.get(first);
    if (only != null) {
      cli.addSubcommand(first, only.get());
    } else {
      all.forEach((name, command) -> cli.addSubcommand(name, command.get()));
    }
    cli.setOut(new PrintWriter(System.out, true));
    cli.setErr(new PrintWriter(System.err, true));
    return cli;
  }

  /** Runs on a given command line (tests set its writers); every writer is flushed before returning. */
  public static int execute(CommandLine cli, String... args) {
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      CnnxException c = CnnxException.classify(e);
      if (c != null) {
        cmd.getErr().println("cnnx: " + oneLine(c.getMessage()));
        return c.exitCode();
      }
      cmd.getErr().println("cnnx: internal error: " + oneLine(String.valueOf(e)));
      if (System.getenv("CNNX_DEBUG") != null) {
        e.printStackTrace(cmd.getErr());
      }
      return 70;
    });
    cli.setParameterExceptionHandler((e, a) -> {
      e.getCommandLine().getErr().println("cnnx: " + oneLine(e.getMessage()));
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
    } finally {
      cli.getOut().flush();
      cli.getErr().flush();
    }
  }

  /** A message on one line: control characters escaped, so a node name cannot forge output lines. */
  static String oneLine(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch < 0x20 || ch == 0x7f) {
        b.append(String.format("\\x%02x", (int) ch));
      } else {
        b.append(ch);
      }
    }
    return b.toString();
  }
}
