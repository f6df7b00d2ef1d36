package io.tracelot.benchmarks.trace;

import io.tracelot.benchmarks.JvmFlags;
import io.tracelot.benchmarks.trace.QueryKind.Case;
import io.tracelot.benchmarks.trace.QueryKind.Digest;
import io.tracelot.query.TraceIndex;
import io.tracelot.snapshot.SnapshotDir;
import io.tracelot.trace.TraceAnswer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The measuring JVM: samples the questions, times our index (open, first query after open, warm)
 * and DuckDB on the same Parquet (first query on a fresh connection, warm), and checks that both
 * return the same allocation rows, units and customers for every question both answered.
 */
final class QueryRun {
  /** One kind of question: its cases and the four measured sets. */
  record KindResult(QueryKind kind, List<Case> cases, String note, Latencies oursWarm, Latencies oursFirst,
      Latencies duckWarm, Latencies duckFirst) {}

  /** A fresh JVM's open and first lot query. */
  record FreshJvm(double jvmToMainMs, double openMs, double firstQueryMs, double processMs, long rows) {}

  record Results(Map<QueryKind, KindResult> kinds, Map<Case, Latencies> bigLots, double firstOpenInJvmMs, Latencies oursOpen, List<FreshJvm> freshJvms,
      Latencies duckOpen, List<String> mismatches, int checked, String duckVersion, String duckThreads,
      List<String> duckSettings, String layout, Map<String, Long> phaseMs) {}

  private final TraceBenchmark.Args args;
  private final Path snapshot;
  private final Path dir;
  private final PrintStream console;
  /** Every answer seen, by case: ours first, then each DuckDB answer is checked against it. */
  private final Map<Case, Digest> ours = new HashMap<>();
  private final List<String> mismatches = new ArrayList<>();
  private int checked;

  QueryRun(TraceBenchmark.Args args, Path snapshot, PrintStream console) throws IOException {
    this.args = args;
    this.snapshot = snapshot;
    this.dir = SnapshotDir.resolve(snapshot);
    this.console = console;
  }

  Results run() throws Exception {
    Map<String, Long> phases = new LinkedHashMap<>();
    long t = System.nanoTime();
    Map<QueryKind, List<Case>> cases = new EnumMap<>(QueryKind.class);
    Map<QueryKind, String> notes = new EnumMap<>(QueryKind.class);
    String duckVersion;
    String duckThreads;
    String layout;
    try (DuckPeer sampler = new DuckPeer(dir, false)) {
      duckVersion = sampler.version();
      duckThreads = sampler.threads();
      layout = sampler.layout(dir);
      sample(sampler, cases, notes);
    }
    say("allocations: %s", layout);
    phases.put("sampling", ms(t));
    for (QueryKind k : QueryKind.values()) {
      say("  %-26s %,6d cases%s", k.label, cases.get(k).size(), notes.get(k) == null ? "" : " (" + notes.get(k) + ")");
    }

    // ---- ours: opens, first query after open, fresh JVMs, warm
    t = System.nanoTime();
    long o0 = System.nanoTime();
    TraceIndex.open(snapshot).close();
    double firstOpen = (System.nanoTime() - o0) / 1e6;
    Latencies.Recorder opens = new Latencies.Recorder();
    for (int i = 0; i < args.opens(); i++) {
      long a = System.nanoTime();
      TraceIndex index = TraceIndex.open(snapshot);
      opens.add((System.nanoTime() - a) / 1e6, 0);
      index.close();
    }
    Latencies oursOpen = opens.done();
    say("ours: open %.1f ms the first time in this JVM, then p50 %.2f ms, max %.2f ms (%d opens)", firstOpen,
        oursOpen.p50(), oursOpen.max(), oursOpen.n());
    Map<QueryKind, Latencies> oursFirst = new EnumMap<>(QueryKind.class);
    for (QueryKind k : QueryKind.values()) {
      Latencies.Recorder r = new Latencies.Recorder();
      for (Case c : first(cases.get(k), args.first())) {
        try (TraceIndex index = TraceIndex.open(snapshot)) {
          long a = System.nanoTime();
          TraceAnswer answer = index.trace(k.query(c));
          r.add((System.nanoTime() - a) / 1e6, answer.allocations().size());
          remember(c, answer);
        }
      }
      oursFirst.put(k, r.done());
      say("ours: %-26s first query after open: %s", k.label, brief(r.done()));
    }
    phases.put("oursOpenAndFirst", ms(t));
    t = System.nanoTime();
    List<FreshJvm> fresh = freshJvms(cases.get(QueryKind.LOT));
    phases.put("oursFreshJvms", ms(t));
    t = System.nanoTime();
    Map<QueryKind, Latencies> oursWarm = new EnumMap<>(QueryKind.class);
    Map<Case, Latencies.Recorder> perBigLot = new LinkedHashMap<>();
    try (TraceIndex index = TraceIndex.open(snapshot)) {
      warmUp(index, cases);
      for (QueryKind k : QueryKind.values()) {
        Latencies.Recorder r = new Latencies.Recorder();
        int repeats = k == QueryKind.BIG_LOT ? args.bigRepeats() : 1;
        for (int rep = 0; rep < repeats; rep++) {
          for (Case c : cases.get(k)) {
            Stall.Mark mark = Stall.mark();
            long a = System.nanoTime();
            TraceAnswer answer = index.trace(k.query(c));
            double ms = (System.nanoTime() - a) / 1e6;
            if (ms > Stall.REPORT_MS) {
              say("ours: %s took %.1f ms: %s", c, ms, mark.since());
            }
            r.add(ms, answer.allocations().size());
            if (k == QueryKind.BIG_LOT) {
              // the big lots differ in size (200k to 360k rows here): each one's own figures too
              perBigLot.computeIfAbsent(c, x -> new Latencies.Recorder()).add(ms, answer.allocations().size());
            }
            remember(c, answer);
          }
        }
        oursWarm.put(k, r.done());
        say("ours: %-26s warm: %s", k.label, brief(r.done()));
      }
    }
    phases.put("oursWarm", ms(t));

    // ---- DuckDB: fresh connection + first query, then warm on one connection, each set within its time budget
    Map<QueryKind, Latencies> duckFirst = new EnumMap<>(QueryKind.class);
    Map<QueryKind, Latencies> duckWarm = new EnumMap<>(QueryKind.class);
    Latencies.Recorder duckOpens = new Latencies.Recorder();
    List<String> duckSettings = List.of();
    if (args.duckdb()) {
      double budgetMs = args.duckSeconds() * 1000.0 / (2 * QueryKind.values().length);
      t = System.nanoTime();
      for (QueryKind k : QueryKind.values()) {
        Latencies.Recorder r = new Latencies.Recorder();
        long start = System.nanoTime();
        for (Case c : first(cases.get(k), args.duckFirst())) {
          if (r.size() >= 2 && (System.nanoTime() - start) / 1e6 > budgetMs) {
            break;
          }
          long a = System.nanoTime();
          try (DuckPeer peer = new DuckPeer(dir, true)) {
            duckOpens.add((System.nanoTime() - a) / 1e6, 0);
            long b = System.nanoTime();
            Digest d = peer.run(c);
            r.add((System.nanoTime() - b) / 1e6, d.rows());
            check(c, d);
            duckSettings = peer.settings;
          }
        }
        duckFirst.put(k, r.done());
        say("DuckDB: %-24s first query on a fresh connection: %s", k.label, brief(r.done()));
      }
      phases.put("duckFirst", ms(t));
      t = System.nanoTime();
      try (DuckPeer peer = new DuckPeer(dir, true)) {
        for (QueryKind k : QueryKind.values()) {
          // one warm-up query of each kind: plans, footers and the OS cache
          if (!cases.get(k).isEmpty()) {
            check(cases.get(k).get(0), peer.run(cases.get(k).get(0)));
          }
        }
        for (QueryKind k : QueryKind.values()) {
          Latencies.Recorder r = new Latencies.Recorder();
          long start = System.nanoTime();
          List<Case> list = cases.get(k);
          int limit = k == QueryKind.BIG_LOT ? list.size() * args.bigRepeats() : list.size();
          limit = Math.min(limit, args.duckMax());
          for (int i = 0; i < limit; i++) {
            if (r.size() >= 3 && (System.nanoTime() - start) / 1e6 > budgetMs) {
              break;
            }
            Case c = list.get(i % list.size());
            long a = System.nanoTime();
            Digest d = peer.run(c);
            r.add((System.nanoTime() - a) / 1e6, d.rows());
            check(c, d);
          }
          duckWarm.put(k, r.done());
          say("DuckDB: %-24s warm: %s", k.label, brief(r.done()));
        }
        duckSettings = peer.settings;
      }
      phases.put("duckWarm", ms(t));
    }

    Map<QueryKind, KindResult> kinds = new EnumMap<>(QueryKind.class);
    for (QueryKind k : QueryKind.values()) {
      kinds.put(k, new KindResult(k, cases.get(k), notes.get(k), oursWarm.get(k), oursFirst.get(k),
          duckWarm.getOrDefault(k, Latencies.NONE), duckFirst.getOrDefault(k, Latencies.NONE)));
    }
    Map<Case, Latencies> bigLots = new LinkedHashMap<>();
    perBigLot.forEach((c, rec) -> bigLots.put(c, rec.done()));
    return new Results(kinds, bigLots, firstOpen, oursOpen, fresh, duckOpens.done(), mismatches, checked, duckVersion, duckThreads,
        duckSettings, layout, phases);
  }

  // ---- sampling (not measured)

  private void sample(DuckPeer peer, Map<QueryKind, List<Case>> cases, Map<QueryKind, String> notes) throws SQLException {
    long seed = args.seed();
    cases.put(QueryKind.LOT, query(peer, QueryKind.LOT,
        "SELECT sku, lot FROM (SELECT DISTINCT sku, lot FROM alloc WHERE lot IS NOT NULL)"
            + " ORDER BY hash(sku, lot, CAST(? AS BIGINT)), sku, lot LIMIT ?", seed, args.lots()));
    List<Case> big = query(peer, QueryKind.BIG_LOT,
        "SELECT sku, lot FROM alloc WHERE lot IS NOT NULL GROUP BY sku, lot HAVING count(*) >= ?"
            + " ORDER BY count(*) DESC, sku, lot", SynthPlan.BIG_LOT_ROWS);
    if (big.isEmpty()) {
      big = query(peer, QueryKind.BIG_LOT, "SELECT sku, lot FROM alloc WHERE lot IS NOT NULL GROUP BY sku, lot"
          + " ORDER BY count(*) DESC, sku, lot LIMIT 3");
      notes.put(QueryKind.BIG_LOT, "no lot has 200,000 rows at this size: the 3 largest lots");
    }
    cases.put(QueryKind.BIG_LOT, big);
    cases.put(QueryKind.SERIAL, query(peer, QueryKind.SERIAL,
        "SELECT sku, serial FROM alloc WHERE serial IS NOT NULL ORDER BY hash(sku, serial, CAST(? AS BIGINT)), sku, serial"
            + " LIMIT ?", seed, args.serials()));
    // raw-material lots: parents that are nobody's child, with descendants three edges down
    List<Case> recalls = query(peer, QueryKind.RECALL, """
        WITH roots AS (SELECT parent_sku sku, parent_lot lot FROM gen WHERE parent_lot IS NOT NULL
                       EXCEPT SELECT child_sku, child_lot FROM gen),
             deep AS (SELECT DISTINCT g1.parent_sku sku, g1.parent_lot lot FROM gen g1
                      JOIN gen g2 ON g2.parent_sku = g1.child_sku AND g2.parent_lot = g1.child_lot
                      JOIN gen g3 ON g3.parent_sku = g2.child_sku AND g3.parent_lot = g2.child_lot)
        SELECT sku, lot FROM roots JOIN deep USING (sku, lot)
        ORDER BY hash(sku, lot, CAST(? AS BIGINT)), sku, lot LIMIT ?""", seed, args.recalls());
    if (recalls.isEmpty()) {
      recalls = query(peer, QueryKind.RECALL, "SELECT parent_sku, parent_lot FROM gen WHERE parent_lot IS NOT NULL"
          + " GROUP BY ALL ORDER BY hash(parent_sku, parent_lot, CAST(? AS BIGINT)), 1, 2 LIMIT ?", seed, args.recalls());
      notes.put(QueryKind.RECALL, "no genealogy three edges deep: any parent lot");
    }
    cases.put(QueryKind.RECALL, recalls);
    for (QueryKind k : QueryKind.values()) {
      if (cases.get(k).isEmpty()) {
        throw new IllegalStateException("the snapshot has nothing to ask for " + k.label + " (" + k.what + ")");
      }
    }
  }

  private static List<Case> query(DuckPeer peer, QueryKind kind, String sql, Object... params) throws SQLException {
    List<Case> out = new ArrayList<>();
    try (PreparedStatement p = peer.connection().prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        p.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(new Case(kind, rs.getString(1), rs.getString(2)));
        }
      }
    }
    return out;
  }

  // ---- ours

  /**
   * Asks every case once (kinds interleaved; the big lots {@link #BIG_LOT_WARMUP} times), at most
   * {@code warmup} queries or {@code warmupSeconds}, so that "warm" means the JIT has compiled the query
   * path and the pages of every case have been read once: the index (22 GB at 100M) does not stay
   * in the page cache beside the Parquet, and a case asked for the first time pays page faults,
   * which "first query after open" measures separately.
   */
  private void warmUp(TraceIndex index, Map<QueryKind, List<Case>> cases) {
    long start = System.nanoTime();
    int done = 0;
    int most = cases.values().stream().mapToInt(List::size).max().orElse(0);
    for (int i = 0; i < most && done < args.warmup() && (System.nanoTime() - start) / 1e9 < args.warmupSeconds(); i++) {
      for (QueryKind k : QueryKind.values()) {
        List<Case> list = cases.get(k);
        if (i < list.size()) {
          index.trace(k.query(list.get(i)));
          done++;
        }
      }
    }
    // the big lots again: their decoding loop is compiled (and recompiled) over their first few
    // asks; asked once, a recompilation fell into the measured set (one round of all five 3-5x slower)
    for (int rep = 1; rep < BIG_LOT_WARMUP; rep++) {
      for (Case c : cases.get(QueryKind.BIG_LOT)) {
        index.trace(QueryKind.BIG_LOT.query(c));
        done++;
      }
    }
    say("ours: warm-up %,d queries in %.1f s", done, (System.nanoTime() - start) / 1e9);
  }

  /** Times each big lot is asked in the warm-up. */
  static final int BIG_LOT_WARMUP = 5;

  private List<FreshJvm> freshJvms(List<Case> lots) throws IOException, InterruptedException {
    List<FreshJvm> out = new ArrayList<>();
    for (int i = 0; i < args.freshJvms(); i++) {
      Case c = lots.get(i % lots.size());
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-Xmx" + args.queryHeap());
      cmd.addAll(JvmFlags.load());
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(OpenProbe.class.getName());
      cmd.add(snapshot.toAbsolutePath().toString());
      cmd.add(c.sku());
      cmd.add(c.id());
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String result = null;
      StringBuilder output = new StringBuilder();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          output.append(line).append('\n');
          if (line.startsWith(OpenProbe.RESULT)) {
            result = line.substring(OpenProbe.RESULT.length());
          }
        }
      }
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0 || result == null) {
        p.destroyForcibly();
        throw new IOException("the fresh-JVM open probe failed:\n" + output);
      }
      double processMs = (System.nanoTime() - t0) / 1e6;
      String[] f = result.split(" ");
      FreshJvm j = new FreshJvm(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]), processMs,
          Long.parseLong(f[3]));
      check(c, j.rows());
      out.add(j);
      say("ours: fresh JVM %d: to main %.0f ms, open %.1f ms, first lot query %.1f ms (%d rows), process %.0f ms", i + 1,
          j.jvmToMainMs(), j.openMs(), j.firstQueryMs(), j.rows(), j.processMs());
    }
    return out;
  }

  private void remember(Case c, TraceAnswer a) {
    Digest d = new Digest(a.allocations().size(), a.allocatedQty(), a.customers().size());
    Digest before = ours.putIfAbsent(c, d);
    if (before != null && !before.equals(d)) {
      mismatches.add(c + ": our index answered " + d + " once and " + before + " another time");
    }
  }

  // ---- the cross-check

  private void check(Case c, Digest duck) {
    checked++;
    Digest mine = ours.get(c);
    if (mine == null) {
      mismatches.add(c + ": DuckDB answered " + duck + " but our index was never asked");
    } else if (!mine.equals(duck)) {
      mismatches.add(c + ": our index " + mine + ", DuckDB " + duck);
      say("MISMATCH %s: ours %s, DuckDB %s", c, mine, duck);
    }
  }

  private void check(Case c, long rows) {
    checked++;
    Digest mine = ours.get(c);
    if (mine == null || mine.rows() != rows) {
      mismatches.add(c + ": a fresh JVM answered " + rows + " allocation rows, this one " + mine);
    }
  }

  private static List<Case> first(List<Case> cases, int n) {
    return cases.subList(0, Math.min(n, cases.size()));
  }

  private static String brief(Latencies l) {
    return l.n() == 0 ? "not measured" : String.format(Locale.ROOT, "n=%d p50 %.2f ms p99 %.2f ms max %.2f ms, answers %,d rows (median) to %,d",
        l.n(), l.p50(), l.p99(), l.max(), l.medianRows(), l.maxRows());
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private void say(String format, Object... values) {
    console.println(String.format(Locale.ROOT, format, values));
  }
}
