package org.fmnist.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps TensorFlow's native INFO logs off the terminal unless {@code --verbose}. TensorFlow reads
 * {@code TF_CPP_MIN_LOG_LEVEL} from the environment when its library loads, and Java cannot set an
 * environment variable for its own process: so when the variable is missing (a plain {@code java
 * -jar}), the command is run again in a child JVM that has it. The {@code ./fmnist} launcher sets
 * it up front, so it pays nothing.
 */
final class NativeLogLevel {
  static final String VARIABLE = "TF_CPP_MIN_LOG_LEVEL";

  private NativeLogLevel() {}

  static void applyOrRelaunch(String[] args) {
    if (System.getenv(VARIABLE) != null || Arrays.asList(args).contains("--verbose")) {
      return;
    }
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Fmnist.class.getName());
    command.addAll(Arrays.asList(args));
    ProcessBuilder child = new ProcessBuilder(command).inheritIO();
    child.environment().put(VARIABLE, "2");
    try {
      Process process = child.start();
      // a signal to this JVM goes on to the child, and this one ends with the child's exit code
      Runtime.getRuntime().addShutdownHook(new Thread(() -> forward(process)));
      System.exit(process.waitFor());
    } catch (IOException e) {
      // cannot relaunch: carry on in this JVM, with TensorFlow's logs
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.exit(Fmnist.FAILURE);
    }
  }

  private static void forward(Process child) {
    if (!child.isAlive()) {
      return;
    }
    child.destroy();
    try {
      Runtime.getRuntime().halt(child.waitFor());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
