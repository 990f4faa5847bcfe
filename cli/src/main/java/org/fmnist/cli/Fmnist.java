package org.fmnist.cli;

import java.util.Arrays;
import org.fmnist.serving.JavaCppSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/** The {@code fmnist} command: parses options and hands each subcommand to one module entry point. */
@Command(
    name = "fmnist",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Train, export and serve Fashion-MNIST classifiers on TensorFlow Java.",
    subcommands = {
      TrainCommand.class,
      EvaluateCommand.class,
      ExportCommand.class,
      InspectCommand.class,
      SummaryCommand.class,
      DataCommand.class,
      EdaCommand.class,
      ExperimentCommand.class,
      VisualizeCommand.class,
      PredictCommand.class,
      ServeCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Fmnist {
  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Show TensorFlow's native logs and stack traces of unexpected errors.")
  boolean verbose;

  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true"); // pictures are drawn off-screen
    JavaCppSettings.skipResidentMemoryChecks();
    NativeLogLevel.applyOrRelaunch(args);
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (0 ok, 1 failure, 2 usage). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Fmnist());
    ErrorReporter errors = new ErrorReporter(Arrays.asList(args).contains("--verbose"));
    cli.setExecutionExceptionHandler(errors);
    cli.setParameterExceptionHandler(errors);
    return cli.execute(args);
  }
}
