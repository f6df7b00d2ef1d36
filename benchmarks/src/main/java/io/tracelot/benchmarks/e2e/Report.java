package io.tracelot.benchmarks.e2e;

import io.tracelot.benchmarks.Harness;
import io.tracelot.benchmarks.e2e.EndToEndBenchmark.Args;
import io.tracelot.benchmarks.e2e.EndToEndBenchmark.Floor;
import io.tracelot.benchmarks.e2e.EndToEndBenchmark.Result;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The end-to-end benchmark's console table, bar chart and JSON. */
final class Report {
  private static final int BAR = 50;

  private Report() {}

  static void print(PrintStream out, Args args, List<Result> results, List<Floor> floors, List<String> mismatches) {
    Result base = baseline(results);
    out.println();
    out.printf(Locale.ROOT, "%-24s %12s %12s %9s %10s %12s %10s %10s %10s %7s %9s%n", "config", "events", "rows read", "wall s", "JVM s",
        "events/s", "peak heap", "after GC", "peak RSS", "GCs", "vs c-batch");
    for (Result r : results) {
      if (!r.ok()) {
        out.printf(Locale.ROOT, "%-24s %s: %s (JVM ran %.1f s)%n", r.config().label(), r.status(), r.error(), r.processMs() / 1000.0);
        continue;
      }
      out.printf(Locale.ROOT, "%-24s %,12d %,12d %9.1f %10.1f %,12.0f %10s %10s %10s %7d %9s%n", r.config().label(), r.events(), r.inputRows(),
          r.elapsedMs() / 1000.0, r.processMs() / 1000.0, r.eventsPerSecond(), EndToEndBenchmark.mib(r.peakHeapUsed()),
          EndToEndBenchmark.mib(r.peakHeapAfterGc()), EndToEndBenchmark.mib(r.peakRss()), r.gcCount(), ratio(r, base));
    }
    out.println();
    out.println("phases, s (from the job's progress counters): start-up to first row read | reading | last row read to first event applied (exchange, sorts) | allocating | to the end (sinks, manifest, publish)");
    for (Result r : results) {
      if (r.ok()) {
        out.printf(Locale.ROOT, "%-24s %s%n", r.config().label(), r.phases().values().stream()
            .map(ms -> ms < 0 ? "      -" : String.format(Locale.ROOT, "%7.1f", ms / 1000.0)).collect(Collectors.joining(" |")));
      }
    }
    out.println();
    double max = Math.max(EndToEndBenchmark.GOAL_EVENTS_PER_S, results.stream().mapToDouble(Result::eventsPerSecond).max().orElse(1));
    for (Result r : results) {
      int n = (int) Math.round(BAR * r.eventsPerSecond() / max);
      out.printf(Locale.ROOT, "%-24s |%-" + BAR + "s| %,.0f%n", r.config().label(), "#".repeat(n), r.eventsPerSecond());
    }
    out.printf(Locale.ROOT, "%-24s |%-" + BAR + "s| %,d%n", "goal", "#".repeat((int) Math.round(BAR * EndToEndBenchmark.GOAL_EVENTS_PER_S / max)),
        EndToEndBenchmark.GOAL_EVENTS_PER_S);
    if (!floors.isEmpty()) {
      out.println();
      out.println("flink floor: Flink alone on the same rows as text (file source; then BATCH keyed exchange and sort), nothing parsed, allocated or written");
      for (Floor f : floors) {
        if (!f.ok()) {
          out.printf(Locale.ROOT, "%-24s %s%n", "floor " + f.mode(), f.status());
          continue;
        }
        out.printf(Locale.ROOT, "%-24s %,12d rows %9.1f s %,12.0f rows/s   %s of chronicle-batch's wall time%n", "floor " + f.mode(), f.rows(),
            f.elapsedMs() / 1000.0, f.rowsPerSecond(), base == null ? "-" : String.format(Locale.ROOT, "%.0f%%", 100.0 * f.elapsedMs() / base.elapsedMs()));
      }
    }
    if (results.stream().anyMatch(r -> r.ok() && r.inputRows() > r.events())) {
      out.println("rows read > events: the source read some rows twice (a restart from a checkpoint); events/s counts each event once");
    }
    out.println();
    if (base != null) {
      out.println("rows per table: " + base.rows());
      out.println("rejects per reason: " + base.rejects());
    }
    if (mismatches.isEmpty()) {
      out.println("row counts: identical in every configuration that finished");
    } else {
      mismatches.forEach(m -> out.println("MISMATCH: " + m));
    }
  }

  private static Result baseline(List<Result> results) {
    return results.stream().filter(r -> r.ok() && r.config() == E2eConfig.CHRONICLE_BATCH).findFirst().orElse(null);
  }

  private static String ratio(Result r, Result base) {
    return base == null || base.eventsPerSecond() == 0 ? "-" : String.format(Locale.ROOT, "%.2fx", r.eventsPerSecond() / base.eventsPerSecond());
  }

  static String json(Args args, List<Result> results, List<Floor> floors, List<String> mismatches) {
    Result base = baseline(results);
    StringBuilder b = new StringBuilder();
    b.append("{\n");
    b.append("  \"benchmark\": \"tracelot end-to-end allocation\",\n");
    b.append("  \"machine\": ").append(object(EndToEndBenchmark.machine())).append(",\n");
    b.append("  \"settings\": {\"events\": ").append(args.rows()).append(", \"seed\": ").append(args.seed())
        .append(", \"generator\": ").append(str(args.generatorConfig().toString())).append(", \"heap\": ").append(str("-Xmx" + args.heap()))
        .append(", \"parallelism\": ").append(args.parallelism()).append(", \"jfr\": ").append(args.jfr()).append("},\n");
    b.append("  \"goal\": {\"eventsPerSecond\": ").append(EndToEndBenchmark.GOAL_EVENTS_PER_S).append(", \"heapBytes\": ")
        .append(EndToEndBenchmark.GOAL_HEAP_BYTES).append("},\n");
    b.append("  \"results\": [\n");
    for (int i = 0; i < results.size(); i++) {
      Result r = results.get(i);
      b.append("    {\"config\": ").append(str(r.config().label()))
          .append(", \"stockIndex\": ").append(str(r.config().index.name()))
          .append(", \"mode\": ").append(str(r.config().mode.name()))
          .append(", \"stateBackend\": ").append(r.config().stateBackend == null ? "null" : str(r.config().stateBackend))
          .append(", \"status\": ").append(str(r.status()))
          .append(", \"error\": ").append(str(r.error()))
          .append(",\n     \"events\": ").append(r.events())
          .append(", \"rowsReadBySource\": ").append(r.inputRows())
          .append(", \"elapsedMs\": ").append(r.elapsedMs())
          .append(", \"processMs\": ").append(r.processMs())
          .append(", \"eventsPerSecond\": ").append(String.format(Locale.ROOT, "%.1f", r.eventsPerSecond()))
          .append(", \"ratioVsChronicleBatch\": ")
          .append(base == null || !r.ok() ? "null" : String.format(Locale.ROOT, "%.4f", r.eventsPerSecond() / base.eventsPerSecond()))
          .append(",\n     \"peakHeapUsedBytes\": ").append(r.peakHeapUsed())
          .append(", \"peakHeapAfterGcBytes\": ").append(r.peakHeapAfterGc())
          .append(", \"peakHeapCommittedBytes\": ").append(r.peakHeapCommitted())
          .append(", \"maxHeapBytes\": ").append(r.maxHeap())
          .append(", \"peakRssBytes\": ").append(r.peakRss())
          .append(", \"gcCount\": ").append(r.gcCount())
          .append(", \"gcMs\": ").append(r.gcMs())
          .append(",\n     \"loadBefore\": ").append(str(r.loadBefore()))
          .append(", \"loadAfter\": ").append(str(r.loadAfter()))
          .append(",\n     \"rowsPerTable\": ").append(longs(r.rows()))
          .append(",\n     \"rejectsPerReason\": ").append(longs(r.rejects()))
          .append(",\n     \"phasesMs\": ").append(longs(r.phases()))
          .append("}").append(i + 1 < results.size() ? "," : "").append("\n");
    }
    b.append("  ],\n");
    b.append("  \"flinkFloor\": [").append(floors.stream().map(f -> "{\"mode\": " + str(f.mode()) + ", \"status\": " + str(f.status()) + ", \"rows\": "
        + f.rows() + ", \"elapsedMs\": " + f.elapsedMs() + ", \"rowsPerSecond\": " + String.format(Locale.ROOT, "%.1f", f.rowsPerSecond()) + "}")
        .collect(Collectors.joining(", "))).append("],\n");
    b.append("  \"rowCountsIdentical\": ").append(mismatches.isEmpty()).append(",\n");
    b.append("  \"mismatches\": [").append(mismatches.stream().map(Report::str).collect(Collectors.joining(", "))).append("]\n");
    b.append("}\n");
    return b.toString();
  }

  private static String object(Map<String, String> m) {
    return m.entrySet().stream().map(e -> str(e.getKey()) + ": " + str(e.getValue())).collect(Collectors.joining(", ", "{", "}"));
  }

  private static String longs(Map<String, Long> m) {
    return m.entrySet().stream().map(e -> str(e.getKey()) + ": " + e.getValue()).collect(Collectors.joining(", ", "{", "}"));
  }

  static String str(String s) {
    return Harness.jsonString(s);
  }
}
