package org.fmnist.bench.serving;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the figures were measured on. */
final class Machine {
  private Machine() {}

  static String describe() {
    return cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + totalMemoryGiB() + " GiB RAM, "
        + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java " + System.getProperty("java.version");
  }

  /** Resident memory of this process (VmRSS), in KiB. */
  static long residentKiB() {
    return statusField(Path.of("/proc/self/status"), "VmRSS:");
  }

  /** CPU time this process has used (all its threads, Java and native), in nanoseconds. */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** The load average over the last minute, as uptime shows it. */
  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).strip())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  private static long totalMemoryGiB() {
    return statusField(Path.of("/proc/meminfo"), "MemTotal:") >> 20;
  }

  private static long statusField(Path file, String field) {
    try {
      return Files.readAllLines(file).stream()
          .filter(line -> line.startsWith(field))
          .map(line -> Long.parseLong(line.replaceAll("\\D", "")))
          .findFirst()
          .orElse(-1L);
    } catch (IOException e) {
      return -1;
    }
  }
}
