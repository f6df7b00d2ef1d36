package io.tracelot.benchmarks.trace;

import io.tracelot.benchmarks.Harness;
import io.tracelot.benchmarks.Machine;
import io.tracelot.benchmarks.trace.QueryRun.FreshJvm;
import io.tracelot.benchmarks.trace.QueryRun.KindResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The trace benchmark's report: a console table and a bar chart of the DuckDB/ours ratios, the
 * same figures as JSON, and a Markdown fragment for RESULTS.md. "Met" means our p99 is within the
 * issue's goal and DuckDB is at least 10x slower at p50 and at p99.
 */
final class TraceReport {
  static final double GOAL_RATIO = 10;
  static final double GOAL_OPEN_MS = 1_000;
  static final long GOAL_BUILD_MS = 10 * 60_000;
  static final long GOAL_HEAP_BYTES = 2L << 30;
  private static final int BAR = 40;

  private final TraceBenchmark.Args args;
  private final Path snapshot;
  private final QueryRun.Results r;
  private final Properties synth;
  private final Properties build;
  private final Map<String, Long> rows;
  private final long snapshotBytes;
  private final String loadAfter;
  private final Map<String, String> machine = Machine.info();

  TraceReport(TraceBenchmark.Args args, Path snapshot, QueryRun.Results results, Properties synth, Properties build,
      Map<String, Long> rows, long snapshotBytes, String loadAfter) {
    this.args = args;
    this.snapshot = snapshot;
    this.r = results;
    this.synth = synth;
    this.build = build;
    this.rows = rows;
    this.snapshotBytes = snapshotBytes;
    this.loadAfter = loadAfter;
  }

  // ---- verdicts

  static double ratio(double duck, double ours) {
    return Double.isNaN(duck) || Double.isNaN(ours) || ours <= 0 ? Double.NaN : duck / ours;
  }

  /** yes / no / "latency yes, no DuckDB" from our p99 and the two ratios. */
  static String met(QueryKind k, Latencies ours, Latencies duck) {
    if (ours.n() == 0) {
      return "-";
    }
    boolean fast = ours.p99() <= k.goalMs;
    if (duck.n() == 0) {
      return fast ? "latency yes (no DuckDB)" : "no";
    }
    boolean ratios = ratio(duck.p50(), ours.p50()) >= GOAL_RATIO && ratio(duck.p99(), ours.p99()) >= GOAL_RATIO;
    return fast && ratios ? "yes" : "no" + (fast ? " (ratio)" : ratios ? " (latency)" : "");
  }

  private boolean buildMeasured() {
    return build != null && "OK".equals(build.getProperty("status"));
  }

  private long buildMs() {
    return buildMeasured() ? Long.parseLong(build.getProperty("elapsedMs")) : -1;
  }

  private long buildHeap() {
    return buildMeasured() ? Long.parseLong(build.getProperty("peakHeapUsed")) : -1;
  }

  private double openP99() {
    double worst = r.oursOpen().p99();
    for (FreshJvm j : r.freshJvms()) {
      worst = Math.max(worst, j.openMs());
    }
    return worst;
  }

  // ---- console

  void print(PrintStream out) {
    out.println();
    out.printf(Locale.ROOT, "snapshot %s: %s, %s of Parquet and index; allocations: %s%n", snapshot, rows,
        Machine.mib(snapshotBytes), r.layout());
    out.printf(Locale.ROOT, "%-26s %-11s | %18s %9s %9s %9s | %18s %9s %9s %9s | %7s %7s | %15s | %6s  %s%n", "query", "mode",
        "ours: n", "p50 ms", "p99 ms", "max ms", "DuckDB: n", "p50 ms", "p99 ms", "max ms", "x p50", "x p99",
        "rows med/max", "goal", "met?");
    for (KindResult k : r.kinds().values()) {
      line(out, k.kind(), "warm", k.oursWarm(), k.duckWarm());
      line(out, k.kind(), "first query", k.oursFirst(), k.duckFirst());
    }
    bigLots().forEach(out::println);
    out.println();
    out.printf(Locale.ROOT, "open (in-process, fresh TraceIndex.open): first in the JVM %.1f ms, then n=%d p50 %.2f ms p99 %.2f ms max %.2f ms;"
            + " DuckDB connect + views n=%d p50 %.2f ms max %.2f ms%n", r.firstOpenInJvmMs(), r.oursOpen().n(),
        r.oursOpen().p50(), r.oursOpen().p99(), r.oursOpen().max(), r.duckOpen().n(), r.duckOpen().p50(), r.duckOpen().max());
    for (FreshJvm j : r.freshJvms()) {
      out.printf(Locale.ROOT, "fresh JVM: to main %.0f ms, open %.1f ms, first lot query %.1f ms, whole process %.0f ms%n",
          j.jvmToMainMs(), j.openMs(), j.firstQueryMs(), j.processMs());
    }
    out.printf(Locale.ROOT, "open goal <= %.0f ms: %s (worst open seen %.1f ms)%n", GOAL_OPEN_MS,
        openP99() <= GOAL_OPEN_MS ? "met" : "missed", openP99());
    if (buildMeasured()) {
      out.printf(Locale.ROOT, "index build: %.1f s (goal <= %d s: %s), peak heap %s of -Xmx%s (goal <= 2 GiB: %s), after GC %s, peak RSS %s,"
              + " index %s in %s files; load %s -> %s%n", buildMs() / 1000.0, GOAL_BUILD_MS / 1000,
          buildMs() <= GOAL_BUILD_MS ? "met" : "missed", Machine.mib(buildHeap()), build.getProperty("heap"),
          buildHeap() <= GOAL_HEAP_BYTES ? "met" : "missed", Machine.mib(num(build, "peakHeapAfterGc")),
          Machine.mib(num(build, "peakRss")), Machine.mib(num(build, "bytes")), build.getProperty("files"),
          build.getProperty("loadBefore"), build.getProperty("loadAfter"));
    } else {
      out.println("index build: not measured by this harness for this snapshot (run with --rebuild-index)");
    }
    if (synth != null) {
      out.printf(Locale.ROOT, "snapshot synthesized in %.1f s, peak heap %s (%s)%n", num(synth, "elapsedMs") / 1000.0,
          Machine.mib(num(synth, "peakHeapUsed")), synth.getProperty("settings"));
    }
    out.println();
    out.println("DuckDB / ours (log scale, | = the 10x goal):");
    for (KindResult k : r.kinds().values()) {
      bar(out, k.kind().label + ", warm, p50", ratio(k.duckWarm().p50(), k.oursWarm().p50()));
      bar(out, k.kind().label + ", warm, p99", ratio(k.duckWarm().p99(), k.oursWarm().p99()));
      bar(out, k.kind().label + ", first, p50", ratio(k.duckFirst().p50(), k.oursFirst().p50()));
    }
    out.println();
    out.printf(Locale.ROOT, "DuckDB %s, threads %s, %s; phases (ms) %s; load %s%n", r.duckVersion(), r.duckThreads(),
        r.duckSettings(), r.phaseMs(), loadAfter);
    if (r.mismatches().isEmpty()) {
      out.printf(Locale.ROOT, "cross-check: %d answers compared (allocation rows, units, customers), all identical%n", r.checked());
    } else {
      r.mismatches().forEach(m -> out.println("MISMATCH: " + m));
    }
  }

  private static void line(PrintStream out, QueryKind k, String mode, Latencies ours, Latencies duck) {
    out.printf(Locale.ROOT, "%-26s %-11s | %18d %9s %9s %9s | %18s %9s %9s %9s | %7s %7s | %15s | %6s  %s%n",
        mode.equals("warm") ? k.label : "", mode, ours.n(), f(ours.p50()), f(ours.p99()), f(ours.max()),
        duck.n() == 0 ? "-" : Integer.toString(duck.n()), f(duck.p50()), f(duck.p99()), f(duck.max()),
        x(ratio(duck.p50(), ours.p50())), x(ratio(duck.p99(), ours.p99())),
        String.format(Locale.ROOT, "%,d/%,d", ours.medianRows(), ours.maxRows()), "<= " + f0(k.goalMs), met(k, ours, duck));
  }

  private static void bar(PrintStream out, String label, double ratio) {
    if (Double.isNaN(ratio)) {
      return;
    }
    // log10 from 0.1x to 10,000x over BAR characters; the goal sits at 10x
    double pos = (Math.log10(Math.max(0.1, ratio)) + 1) / 5 * BAR;
    int n = (int) Math.round(Math.min(BAR, pos));
    int goal = (int) Math.round(2.0 / 5 * BAR);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < BAR; i++) {
      b.append(i < n ? '#' : i == goal ? '|' : ' ');
    }
    out.printf(Locale.ROOT, "  %-40s %s %s%n", label, b, x(ratio));
  }

  static String f(double ms) {
    if (Double.isNaN(ms)) {
      return "-";
    }
    return ms < 10 ? String.format(Locale.ROOT, "%.2f", ms) : ms < 1000 ? String.format(Locale.ROOT, "%.1f", ms)
        : String.format(Locale.ROOT, "%,.0f", ms);
  }

  private static String f0(double ms) {
    return String.format(Locale.ROOT, "%.0f", ms);
  }

  static String x(double ratio) {
    return Double.isNaN(ratio) ? "-" : ratio < 10 ? String.format(Locale.ROOT, "%.1fx", ratio)
        : String.format(Locale.ROOT, "%,.0fx", ratio);
  }

  private static long num(Properties p, String key) {
    String v = p == null ? null : p.getProperty(key);
    return v == null ? -1 : Long.parseLong(v);
  }

  // ---- JSON

  String json() {
    StringBuilder b = new StringBuilder("{\n");
    b.append("  \"benchmark\": \"tracelot trace index vs DuckDB on the same Parquet\",\n");
    b.append("  \"machine\": ").append(object(machine)).append(", \"loadAfter\": ").append(str(loadAfter)).append(",\n");
    b.append("  \"snapshot\": {\"path\": ").append(str(snapshot.toString())).append(", \"rowsPerTable\": ")
        .append(longs(rows)).append(", \"parquetAndIndexBytes\": ").append(snapshotBytes).append(", \"allocationsLayout\": ").append(str(r.layout())).append(", \"synth\": ")
        .append(props(synth)).append("},\n");
    b.append("  \"settings\": {\"seed\": ").append(args.seed()).append(", \"lots\": ").append(args.lots())
        .append(", \"serials\": ").append(args.serials()).append(", \"recalls\": ").append(args.recalls())
        .append(", \"bigRepeats\": ").append(args.bigRepeats()).append(", \"first\": ").append(args.first())
        .append(", \"opens\": ").append(args.opens()).append(", \"freshJvms\": ").append(args.freshJvms())
        .append(", \"warmup\": ").append(args.warmup()).append(", \"warmupSeconds\": ").append(args.warmupSeconds())
        .append(", \"duckdbSeconds\": ").append(args.duckSeconds()).append(", \"duckdbMax\": ").append(args.duckMax())
        .append(", \"duckdbFirst\": ").append(args.duckFirst()).append(", \"queryHeap\": ").append(str(args.queryHeap()))
        .append(", \"recallDepth\": ").append(QueryKind.RECALL_DEPTH).append("},\n");
    b.append("  \"goals\": {\"ratio\": ").append(GOAL_RATIO).append(", \"openMs\": ").append(GOAL_OPEN_MS)
        .append(", \"buildMs\": ").append(GOAL_BUILD_MS).append(", \"buildHeapBytes\": ").append(GOAL_HEAP_BYTES)
        .append(", \"p99Ms\": {").append(r.kinds().keySet().stream().map(k -> str(k.name()) + ": " + k.goalMs)
            .collect(Collectors.joining(", "))).append("}},\n");
    b.append("  \"build\": ").append(props(build)).append(",\n");
    b.append("  \"duckdb\": {\"version\": ").append(str(r.duckVersion())).append(", \"threads\": ").append(str(r.duckThreads()))
        .append(", \"settings\": [").append(r.duckSettings().stream().map(TraceReport::str).collect(Collectors.joining(", ")))
        .append("]},\n");
    b.append("  \"open\": {\"firstInJvmMs\": ").append(num(r.firstOpenInJvmMs())).append(", \"inProcess\": ")
        .append(stats(r.oursOpen())).append(", \"duckdbConnect\": ").append(stats(r.duckOpen())).append(", \"freshJvms\": [");
    List<String> jvms = new ArrayList<>();
    for (FreshJvm j : r.freshJvms()) {
      jvms.add("{\"jvmToMainMs\": " + num(j.jvmToMainMs()) + ", \"openMs\": " + num(j.openMs()) + ", \"firstQueryMs\": "
          + num(j.firstQueryMs()) + ", \"processMs\": " + num(j.processMs()) + ", \"rows\": " + j.rows() + "}");
    }
    b.append(String.join(", ", jvms)).append("], \"met\": ").append(openP99() <= GOAL_OPEN_MS).append("},\n");
    b.append("  \"queries\": [\n");
    List<String> qs = new ArrayList<>();
    for (KindResult k : r.kinds().values()) {
      qs.add("    {\"kind\": " + str(k.kind().name()) + ", \"label\": " + str(k.kind().label) + ", \"what\": "
          + str(k.kind().what) + ", \"goalP99Ms\": " + k.kind().goalMs + ", \"cases\": " + k.cases().size() + ", \"note\": "
          + str(k.note()) + ",\n     \"warm\": {\"ours\": " + stats(k.oursWarm()) + ", \"duckdb\": " + stats(k.duckWarm())
          + ", \"ratioP50\": " + num(ratio(k.duckWarm().p50(), k.oursWarm().p50())) + ", \"ratioP99\": "
          + num(ratio(k.duckWarm().p99(), k.oursWarm().p99())) + ", \"met\": " + str(met(k.kind(), k.oursWarm(), k.duckWarm()))
          + "},\n     \"first\": {\"ours\": " + stats(k.oursFirst()) + ", \"duckdb\": " + stats(k.duckFirst())
          + ", \"ratioP50\": " + num(ratio(k.duckFirst().p50(), k.oursFirst().p50())) + ", \"ratioP99\": "
          + num(ratio(k.duckFirst().p99(), k.oursFirst().p99())) + ", \"met\": "
          + str(met(k.kind(), k.oursFirst(), k.duckFirst())) + "}}");
    }
    b.append(String.join(",\n", qs)).append("\n  ],\n");
    b.append("  \"crossCheck\": {\"compared\": ").append(r.checked()).append(", \"identical\": ").append(r.mismatches().isEmpty())
        .append(", \"mismatches\": [").append(r.mismatches().stream().map(TraceReport::str).collect(Collectors.joining(", ")))
        .append("]},\n");
    b.append("  \"phasesMs\": ").append(longs(r.phaseMs())).append("\n}\n");
    return b.toString();
  }

  private static String stats(Latencies l) {
    return "{\"n\": " + l.n() + ", \"p50Ms\": " + num(l.p50()) + ", \"p99Ms\": " + num(l.p99()) + ", \"maxMs\": " + num(l.max())
        + ", \"meanMs\": " + num(l.mean()) + ", \"medianRows\": " + l.medianRows() + ", \"maxRows\": " + l.maxRows() + "}";
  }

  private static String num(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format(Locale.ROOT, "%.4f", v);
  }

  private static String props(Properties p) {
    if (p == null) {
      return "null";
    }
    return p.stringPropertyNames().stream().sorted().map(k -> {
      String v = p.getProperty(k);
      return str(k) + ": " + (v.matches("-?[0-9]{1,18}") ? v : str(v));
    }).collect(Collectors.joining(", ", "{", "}"));
  }

  private static String object(Map<String, String> m) {
    return m.entrySet().stream().map(e -> str(e.getKey()) + ": " + str(e.getValue())).collect(Collectors.joining(", ", "{", "}"));
  }

  private static String longs(Map<String, Long> m) {
    return m.entrySet().stream().map(e -> str(e.getKey()) + ": " + e.getValue()).collect(Collectors.joining(", ", "{", "}"));
  }

  private static String str(String s) {
    return Harness.jsonString(s);
  }

  // ---- Markdown

  String markdown() {
    StringBuilder b = new StringBuilder();
    long allocations = rows.getOrDefault("allocations", -1L);
    b.append(String.format(Locale.ROOT, "#### %,d allocation rows, measured %s%n%n", allocations, machine.get("date")));
    b.append(String.format(Locale.ROOT, "Snapshot `%s` (%s of Parquet and index): %s; allocations: %s. Machine: %s cores,"
            + " %s kB RAM, %s; load average after the run %s. DuckDB %s, %s threads, %s.%n%n", snapshot,
        Machine.mib(snapshotBytes), rows, r.layout(), machine.get("cores"), machine.get("memTotalKiB"), machine.get("java"), loadAfter, r.duckVersion(),
        r.duckThreads(), r.duckSettings().isEmpty() ? "default settings" : String.join(", ", r.duckSettings())));
    b.append("| query | mode | ours n | ours p50 / p99 / max (ms) | DuckDB n | DuckDB p50 / p99 / max (ms) | DuckDB / ours p50, p99"
        + " | answer rows (median / max) | goal (p99) | met? |\n");
    b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (KindResult k : r.kinds().values()) {
      mdLine(b, k.kind(), "warm", k.oursWarm(), k.duckWarm());
      mdLine(b, k.kind(), "first query after open", k.oursFirst(), k.duckFirst());
    }
    b.append(String.format(Locale.ROOT, "| open | in-process | %d | %s / %s / %s | %d (connect + views) | %s / %s / %s | | |"
            + " ≤ %.0f ms | %s |%n", r.oursOpen().n(), f(r.oursOpen().p50()), f(r.oursOpen().p99()), f(r.oursOpen().max()),
        r.duckOpen().n(), f(r.duckOpen().p50()), f(r.duckOpen().p99()), f(r.duckOpen().max()), GOAL_OPEN_MS,
        r.oursOpen().p99() <= GOAL_OPEN_MS ? "yes" : "no"));
    if (!r.freshJvms().isEmpty()) {
      double[] open = r.freshJvms().stream().mapToDouble(FreshJvm::openMs).toArray();
      double[] firstQ = r.freshJvms().stream().mapToDouble(FreshJvm::firstQueryMs).toArray();
      double[] process = r.freshJvms().stream().mapToDouble(FreshJvm::processMs).toArray();
      b.append(String.format(Locale.ROOT, "| open + first lot query | fresh JVM | %d | open %s / %s / %s, query %s / %s / %s,"
              + " whole process %s / %s / %s | | | | | ≤ %.0f ms (open) | %s |%n", open.length,
          f(Latencies.percentile(open, 0.5)), f(Latencies.percentile(open, 0.99)), f(Latencies.percentile(open, 1)),
          f(Latencies.percentile(firstQ, 0.5)), f(Latencies.percentile(firstQ, 0.99)), f(Latencies.percentile(firstQ, 1)),
          f(Latencies.percentile(process, 0.5)), f(Latencies.percentile(process, 0.99)), f(Latencies.percentile(process, 1)),
          GOAL_OPEN_MS, Latencies.percentile(open, 1) <= GOAL_OPEN_MS ? "yes" : "no"));
    }
    b.append('\n');
    for (String line : bigLots()) {
      b.append(line).append("  \n");
    }
    if (!r.bigLots().isEmpty()) {
      b.append('\n');
    }
    if (buildMeasured()) {
      b.append(String.format(Locale.ROOT, "Index build (fresh JVM, -Xmx%s): **%.1f s** (goal ≤ 600 s: %s), peak heap **%s**"
              + " (goal ≤ 2 GiB: %s), %s after GC, peak RSS %s; the index is %s in %s files. Load %s → %s.%n",
          build.getProperty("heap"), buildMs() / 1000.0, buildMs() <= GOAL_BUILD_MS ? "met" : "missed",
          Machine.mib(buildHeap()), buildHeap() <= GOAL_HEAP_BYTES ? "met" : "missed", Machine.mib(num(build, "peakHeapAfterGc")),
          Machine.mib(num(build, "peakRss")), Machine.mib(num(build, "bytes")), build.getProperty("files"),
          build.getProperty("loadBefore"), build.getProperty("loadAfter")));
    } else {
      b.append("Index build: not measured in this run.\n");
    }
    if (synth != null) {
      b.append(String.format(Locale.ROOT, "Snapshot synthesized in %.1f s, peak heap %s (`%s`).%n",
          num(synth, "elapsedMs") / 1000.0, Machine.mib(num(synth, "peakHeapUsed")), synth.getProperty("settings")));
    }
    b.append(String.format(Locale.ROOT, "Cross-check: %d answers compared (allocation rows, units, customers): %s.%n",
        r.checked(), r.mismatches().isEmpty() ? "all identical" : r.mismatches().size() + " MISMATCHES"));
    return b.toString();
  }

  /** One line per big lot, smallest first: its rows and its own warm latencies. */
  private List<String> bigLots() {
    List<String> out = new ArrayList<>();
    r.bigLots().entrySet().stream().sorted(java.util.Comparator.comparingLong(e -> e.getValue().maxRows()))
        .forEach(e -> out.add(String.format(Locale.ROOT, "big lot %s/%s, %,d rows: warm n=%d p50 %s ms, p99 %s ms, max %s ms",
            e.getKey().sku(), e.getKey().id(), e.getValue().maxRows(), e.getValue().n(), f(e.getValue().p50()),
            f(e.getValue().p99()), f(e.getValue().max()))));
    return out;
  }

  private static void mdLine(StringBuilder b, QueryKind k, String mode, Latencies ours, Latencies duck) {
    b.append(String.format(Locale.ROOT, "| %s | %s | %d | %s / %s / %s | %s | %s / %s / %s | %s, %s | %,d / %,d | ≤ %s ms | %s |%n",
        k.label, mode, ours.n(), f(ours.p50()), f(ours.p99()), f(ours.max()), duck.n() == 0 ? "-" : Integer.toString(duck.n()),
        f(duck.p50()), f(duck.p99()), f(duck.max()), x(ratio(duck.p50(), ours.p50())), x(ratio(duck.p99(), ours.p99())),
        ours.medianRows(), ours.maxRows(), f0(k.goalMs), met(k, ours, duck)));
  }
}
