package cnnx.bench;

import cnnx.host.cli.Main;
import picocli.CommandLine;

/** The cnnx command line with the {@code bench} subcommand added (this module's runnable jar). */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) {
    CommandLine cli = Main.commandLine();
    cli.addSubcommand("bench", new BenchCommand());
    System.exit(Main.execute(cli, args));
  }
}
