package io.tracelot.benchmarks.e2e;

import io.tracelot.benchmarks.HeapWatch;
import io.tracelot.jobs.allocation.AllocationRun;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * One measured configuration, in the fresh JVM {@link EndToEndBenchmark} starts for it:
 * runs the allocation while {@link HeapWatch} records the heap, then writes what it saw to a
 * properties file the launching JVM reads.
 *
 * <pre>EndToEndRun CONFIG INPUT_DIR SNAPSHOT_DIR RESULT_FILE PARALLELISM</pre>
 */
final class EndToEndRun {
  private EndToEndRun() {}

  public static void main(String[] args) throws IOException {
    long jvmToMainMs = ManagementFactory.getRuntimeMXBean().getUptime();
    E2eConfig config = E2eConfig.parse(args[0]);
    Path input = Path.of(args[1]);
    Path snapshot = Path.of(args[2]);
    Path resultFile = Path.of(args[3]);
    int parallelism = Integer.parseInt(args[4]);

    Properties out = new Properties();
    out.setProperty("config", config.label());
    out.setProperty("jvmToMainMs", Long.toString(jvmToMainMs));
    out.setProperty("maxHeap", Long.toString(Runtime.getRuntime().maxMemory()));
    int rc = 0;
    try (HeapWatch heap = new HeapWatch()) {
      try {
        AllocationRun.Summary s;
        PhaseClock clock = new PhaseClock();
        try (clock) {
          s = AllocationRun.run(config.options(input, snapshot, parallelism), System.err);
        }
        clock.phases().forEach((phase, ms) -> out.setProperty("phase." + phase, Long.toString(ms)));
        out.setProperty("status", "OK");
        out.setProperty("elapsedMs", Long.toString(s.elapsed().toMillis()));
        // rows the source emitted, re-reads after a restart included (the summary's counts are exact)
        out.setProperty("inputRows", Long.toString(io.tracelot.jobs.common.RunProgress.ROWS_READ.get()));
        s.rowsPerTable().forEach((t, n) -> out.setProperty("rows." + t, Long.toString(n)));
        s.rejectsByReason().forEach((r, n) -> out.setProperty("rejects." + r.name(), Long.toString(n)));
      } catch (Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        System.err.println(trace);
        out.setProperty("status", "FAILED");
        out.setProperty("error", rootCause(t));
        rc = 1;
      }
      out.setProperty("peakHeapUsed", Long.toString(heap.peakUsed()));
      out.setProperty("peakHeapAfterGc", Long.toString(heap.peakAfterGc()));
      out.setProperty("peakHeapCommitted", Long.toString(heap.peakCommitted()));
    }
    out.setProperty("gcCount", Long.toString(HeapWatch.gcCount()));
    out.setProperty("gcMs", Long.toString(HeapWatch.gcMillis()));
    out.setProperty("peakRss", Long.toString(HeapWatch.peakRss()));
    try (OutputStream o = Files.newOutputStream(resultFile)) {
      out.store(o, "tracelot end-to-end run");
    }
    // Flink's and Chronicle's non-daemon threads must not keep the measured JVM alive
    System.exit(rc);
  }

  private static String rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + ": " + c.getMessage();
  }
}
