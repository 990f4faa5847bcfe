package org.fmnist.cli;

import java.io.UncheckedIOException;
import org.fmnist.data.DataException;
import org.fmnist.model.SpecException;
import org.fmnist.serving.ErrorMessages;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure into one line on stderr and exit code 1. Expected failures (bad data, bad spec,
 * bad option values, I/O) never print a stack trace; unexpected ones do only with {@code
 * --verbose}.
 */
final class ErrorReporter implements IExecutionExceptionHandler {
  private final boolean verbose;

  ErrorReporter(boolean verbose) {
    this.verbose = verbose;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    cli.getErr().println("fmnist: error: " + ErrorMessages.firstLine(e));
    if (!isExpected(e) && verbose) {
      e.printStackTrace(cli.getErr());
    }
    return Fmnist.FAILURE;
  }

  private static boolean isExpected(Exception e) {
    return e instanceof DataException
        || e instanceof SpecException
        || e instanceof IllegalArgumentException
        || e instanceof IllegalStateException
        || e instanceof UncheckedIOException;
  }
}
