package io.tracelot.benchmarks.trace;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What happened to the process during a slow query: page faults (major ones read the disk),
 * collections and their time. Lets a report say why a repetition stalled instead of guessing.
 */
final class Stall {
  /** Warm queries slower than this are explained on the console. */
  static final double REPORT_MS = 60;

  record Mark(long majorFaults, long minorFaults, long gcCount, long gcMs) {
    String since() {
      Mark now = mark();
      return String.format(Locale.ROOT, "%,d major page faults, %,d minor, %d collections (%d ms)", now.majorFaults - majorFaults,
          now.minorFaults - minorFaults, now.gcCount - gcCount, now.gcMs - gcMs);
    }
  }

  private Stall() {}

  static Mark mark() {
    long count = 0;
    long ms = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
      ms += Math.max(0, gc.getCollectionTime());
    }
    long[] faults = faults();
    return new Mark(faults[1], faults[0], count, ms);
  }

  /** minflt and majflt of /proc/self/stat (fields 10 and 12); zeros where there is no /proc. */
  private static long[] faults() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // the command name may hold spaces: fields are counted after its closing parenthesis
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(f[7]), Long.parseLong(f[9])};
    } catch (IOException | RuntimeException e) {
      return new long[2];
    }
  }
}
