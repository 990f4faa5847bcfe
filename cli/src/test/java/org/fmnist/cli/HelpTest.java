package org.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code COMMAND --help} prints the command's help and exits 0, for every command and subcommand. */
class HelpTest {
  static Stream<List<String>> commands() {
    List<List<String>> all = new ArrayList<>();
    collect(new CommandLine(new Fmnist()), new ArrayList<>(), all);
    assertTrue(all.size() >= 13, "the command tree: " + all);
    return all.stream();
  }

  private static void collect(CommandLine cli, List<String> path, List<List<String>> all) {
    for (var sub : cli.getSubcommands().entrySet()) {
      if (sub.getKey().equals("help")) {
        continue;
      }
      List<String> p = new ArrayList<>(path);
      p.add(sub.getKey());
      all.add(p);
      collect(sub.getValue(), p, all);
    }
  }

  @ParameterizedTest
  @MethodSource("commands")
  void helpIsShownAndExitsZero(List<String> command) {
    List<String> args = new ArrayList<>(command);
    args.add("--help");
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("Usage: fmnist " + String.join(" ", command)), run.out());
    assertEquals("", run.err());
  }
}
