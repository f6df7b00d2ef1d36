package io.tracelot.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What the harnesses report about the machine they ran on: cores, memory, JVM, OS, load. */
public final class Machine {
  private Machine() {}

  /** The 1, 5 and 15 minute load averages, as /proc/loadavg shows them; "n/a" without /proc. */
  public static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "n/a";
    }
  }

  /** Cores, total memory, JVM, OS and the current instant, in that order. */
  public static Map<String, String> info() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          m.put("memTotalKiB", line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      m.put("memTotalKiB", "n/a");
    }
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("date", Instant.now().toString());
    return m;
  }

  /** Bytes as "1,234 MiB"; "n/a" for a negative (unknown) value. */
  public static String mib(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f MiB", bytes / 1048576.0);
  }
}
