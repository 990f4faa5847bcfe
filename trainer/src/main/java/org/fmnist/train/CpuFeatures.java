package org.fmnist.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** The instruction-set flags the kernel reports for this CPU ({@code /proc/cpuinfo}). */
public record CpuFeatures(Set<String> flags) {
  private static final Path CPUINFO = Path.of("/proc/cpuinfo");

  public CpuFeatures {
    flags = Set.copyOf(flags);
  }

  /** This machine's flags; none when /proc/cpuinfo cannot be read (not Linux). */
  public static CpuFeatures detect() {
    try {
      return parse(Files.readString(CPUINFO));
    } catch (IOException | UnsupportedOperationException e) {
      return new CpuFeatures(Set.of());
    }
  }

  /** The flags of the first processor listed in a cpuinfo text. */
  public static CpuFeatures parse(String cpuinfo) {
    for (String line : cpuinfo.split("\n")) {
      String[] keyValue = line.split(":", 2);
      if (keyValue.length == 2 && keyValue[0].trim().equals("flags")) {
        return new CpuFeatures(
            Arrays.stream(keyValue[1].trim().split("\\s+")).collect(Collectors.toSet()));
      }
    }
    return new CpuFeatures(Set.of());
  }

  /**
   * Whether oneDNN has native bfloat16 kernels here: AMX tiles ({@code amx_bf16}, Sapphire Rapids
   * and later) or AVX512-BF16 dot products ({@code avx512_bf16}, Cooper Lake, Zen 4 and later).
   * Without them oneDNN has no native bf16 kernels, so the fast recipe stays with float32.
   */
  public boolean nativeBf16() {
    return flags.contains("amx_bf16") || flags.contains("avx512_bf16");
  }
}
