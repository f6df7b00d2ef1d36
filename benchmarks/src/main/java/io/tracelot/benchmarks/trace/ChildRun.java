package io.tracelot.benchmarks.trace;

import io.tracelot.benchmarks.HeapWatch;
import io.tracelot.query.IndexProgress;
import io.tracelot.query.TraceIndex;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * A measured step in the fresh JVM {@link TraceBenchmark} starts for it (with {@code -Xmx2g}):
 * synthesizing the snapshot or building its trace index, while {@link HeapWatch} records the heap.
 * Writes what it saw to a properties file the launching JVM reads.
 *
 * <pre>
 * ChildRun synth RESULT_FILE SNAPSHOT ROWS SEED THREADS ROWS_PER_FILE ROW_GROUP_BYTES
 * ChildRun build RESULT_FILE SNAPSHOT
 * </pre>
 */
public final class ChildRun {
  private ChildRun() {}

  public static void main(String[] args) throws Exception {
    String step = args[0];
    Path resultFile = Path.of(args[1]);
    Path snapshot = Path.of(args[2]);
    Properties out = new Properties();
    long t0 = System.nanoTime();
    try (HeapWatch heap = new HeapWatch()) {
      try {
        switch (step) {
          case "synth" -> {
            SnapshotSynth.Settings settings = new SnapshotSynth.Settings(Long.parseLong(args[3]), Long.parseLong(args[4]),
                Integer.parseInt(args[5]), Long.parseLong(args[6]), Long.parseLong(args[7]), false);
            SnapshotSynth.Summary s = SnapshotSynth.synthesize(snapshot, settings, System.out);
            out.setProperty("runId", s.runId());
            out.setProperty("bytes", Long.toString(s.bytes()));
            s.rows().forEach((k, v) -> out.setProperty("rows." + k, Long.toString(v)));
          }
          case "build" -> {
            Path index = TraceIndex.build(snapshot, progress());
            out.setProperty("bytes", Long.toString(SnapshotSynth.size(index)));
            try (var files = Files.list(index)) {
              out.setProperty("files", Long.toString(files.count()));
            }
          }
          default -> throw new IllegalArgumentException("unknown step '" + step + "' (synth or build)");
        }
        out.setProperty("status", "OK");
      } catch (Throwable e) {
        out.setProperty("status", e instanceof OutOfMemoryError ? "OOM" : "FAILED");
        out.setProperty("error", String.valueOf(e));
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        System.err.println(trace);
      }
      out.setProperty("elapsedMs", Long.toString((System.nanoTime() - t0) / 1_000_000));
      out.setProperty("peakHeapUsed", Long.toString(heap.peakUsed()));
      out.setProperty("peakHeapAfterGc", Long.toString(heap.peakAfterGc()));
      out.setProperty("peakHeapCommitted", Long.toString(heap.peakCommitted()));
    }
    out.setProperty("maxHeap", Long.toString(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax()));
    out.setProperty("gcCount", Long.toString(HeapWatch.gcCount()));
    out.setProperty("gcMs", Long.toString(HeapWatch.gcMillis()));
    out.setProperty("peakRss", Long.toString(HeapWatch.peakRss()));
    try (OutputStream o = Files.newOutputStream(resultFile)) {
      out.store(o, "tracelot trace benchmark: " + step);
    }
    System.exit("OK".equals(out.getProperty("status")) ? 0 : 1);
  }

  /** One line per phase, and one every 10 s within a phase: rows, rows/s, ETA over the build's estimate. */
  private static IndexProgress progress() {
    String[] last = {""};
    long[] printed = {0};
    long start = System.nanoTime();
    return (phase, rows, total, rate) -> {
      long now = System.nanoTime();
      if (!phase.equals(last[0]) || now - printed[0] > 10_000_000_000L) {
        last[0] = phase;
        printed[0] = now;
        long eta = total > 0 && rate > 0 ? (long) ((total - rows) / rate) : -1;
        System.out.printf(Locale.ROOT, "  index %-26s %,14d / %,d rows  %,10.0f rows/s  %6.0f s  ETA %s%n", phase, rows,
            total, rate, (now - start) / 1e9, TraceArgs.duration(eta));
      }
    };
  }
}
