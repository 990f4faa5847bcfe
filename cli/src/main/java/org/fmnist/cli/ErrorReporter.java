package org.fmnist.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.fmnist.errors.BadOptionException;
import org.fmnist.errors.IoErrors;
import org.fmnist.errors.UserError;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine;

/**
 * Turns a failure into one line on stderr and an exit code. A bad option value or combination is
 * a usage error (exit 2); other user errors (bad data, spec, run or model folder) and I/O failures
 * exit 1 with their message (so do the serving module's, see {@link #fromServing}). Anything else
 * is a bug: "internal error", exit 1, and its stack trace
 * with {@code --verbose}.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
  private final boolean verbose;

  ErrorReporter(boolean verbose) {
    this.verbose = verbose;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    PrintWriter err = cli.getErr();
    if (e instanceof BadOptionException option) {
      err.println("fmnist: error: " + option.message(ErrorReporter::flag));
      return Fmnist.USAGE;
    }
    if (e instanceof UserError || e instanceof UncheckedIOException || fromServing(e)) {
      err.println("fmnist: error: " + IoErrors.firstLine(e));
      return Fmnist.FAILURE;
    }
    err.println("fmnist: internal error: " + IoErrors.firstLine(e));
    if (verbose) {
      e.printStackTrace(err);
    } else {
      err.println("fmnist: run again with --verbose for the stack trace, and report it");
    }
    return Fmnist.FAILURE;
  }

  /** Picocli's own usage errors, and a value an option's converter refused (one line). */
  @Override
  public int handleParseException(ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    if (e.getCause() instanceof TypeConversionException bad
        && e.getArgSpec() instanceof CommandLine.Model.OptionSpec option) {
      err.println("fmnist: error: " + option.longestName() + " " + bad.getMessage());
      return Fmnist.USAGE;
    }
    err.println("fmnist: " + e.getMessage());
    err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
    return Fmnist.USAGE;
  }

  /**
   * The serving module stands alone, without fmnist's error types: it reports a bad model folder,
   * image or request with IllegalArgumentException or IllegalStateException thrown in its own code.
   */
  private static boolean fromServing(Exception e) {
    StackTraceElement[] trace = e.getStackTrace();
    return (e instanceof IllegalArgumentException || e instanceof IllegalStateException)
        && trace.length > 0
        && trace[0].getClassName().startsWith("org.fmnist.serving.");
  }

  /** A setting of the Java API as its command-line flag: {@code validationSplit} → {@code --validation-split}. */
  static String flag(String setting) {
    return "--" + setting.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
  }
}
