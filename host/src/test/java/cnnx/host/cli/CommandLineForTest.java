package cnnx.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line built for one subcommand behaves as the whole one does for that subcommand. */
class CommandLineForTest {
  @Test
  void aNamedCommandGetsOnlyItselfWithTheSameOptionsAndHelp() {
    Map<String, CommandLine> all = Main.commandLine().getSubcommands();
    assertTrue(all.keySet().containsAll(java.util.List.of("run", "classify", "compile", "plan", "verify", "help")),
        all.keySet().toString());
    for (Map.Entry<String, CommandLine> e : all.entrySet()) {
      if (e.getKey().equals("help")) {
        continue;
      }
      Map<String, CommandLine> one = Main.commandLine(e.getKey()).getSubcommands();
      assertEquals(java.util.Set.of(e.getKey()), one.keySet());
      assertEquals(e.getValue().getUsageMessage(), one.get(e.getKey()).getUsageMessage(), e.getKey());
    }
  }

  @Test
  void anythingElseGetsEveryCommand() {
    int every = Main.commandLine().getSubcommands().size();
    for (String first : new String[] {null, "help", "--help", "-V", "runn", ""}) {
      assertEquals(every, Main.commandLine(first).getSubcommands().size(), String.valueOf(first));
    }
  }
}
