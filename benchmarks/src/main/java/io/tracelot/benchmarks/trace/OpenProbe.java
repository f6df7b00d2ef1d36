package io.tracelot.benchmarks.trace;

import io.tracelot.query.TraceIndex;
import io.tracelot.trace.TraceAnswer;
import io.tracelot.trace.TraceQuery;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Open and first query in a fresh JVM, as a command-line trace would run: prints how long the JVM
 * took to reach {@code main}, to open the index, and to answer one lot query.
 *
 * <pre>OpenProbe SNAPSHOT SKU LOT</pre>
 */
public final class OpenProbe {
  static final String RESULT = "RESULT ";

  private OpenProbe() {}

  public static void main(String[] args) throws Exception {
    long uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
    long t0 = System.nanoTime();
    try (TraceIndex index = TraceIndex.open(Path.of(args[0]))) {
      long t1 = System.nanoTime();
      TraceAnswer a = index.trace(new TraceQuery.ForwardLot(args[2], args[1], 0));
      long t2 = System.nanoTime();
      System.out.printf(Locale.ROOT, "%s%d %.3f %.3f %d%n", RESULT, uptimeMs, (t1 - t0) / 1e6, (t2 - t1) / 1e6,
          a.allocations().size());
    }
  }
}
