package io.tracelot.benchmarks.trace;

import io.tracelot.allocator.Invariants;
import io.tracelot.allocator.model.Backorder;
import io.tracelot.allocator.model.Reject;
import io.tracelot.allocator.model.Sku;
import io.tracelot.benchmarks.Machine;
import io.tracelot.snapshot.CloseableIterator;
import io.tracelot.snapshot.Manifest;
import io.tracelot.snapshot.SnapshotPublisher;
import io.tracelot.snapshot.SnapshotReader;
import io.tracelot.snapshot.SnapshotTable;
import io.tracelot.snapshot.Staging;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes a large, realistic snapshot straight as Parquet, for the trace benchmark: running the
 * allocation job for 100M allocation rows would take hours here (RESULTS.md: 20M events took
 * 17 minutes), so this writes what the job would publish, through the same writers
 * ({@link SnapshotTable#writer}), the same manifest and the same atomic publish
 * ({@link SnapshotPublisher}); the trace index and the DuckDB peer then read exactly these files.
 *
 * <pre>
 * java -Xmx2g -cp "benchmarks/target/classes:$(cat benchmarks/target/e2e.classpath)" \
 *     io.tracelot.benchmarks.trace.SnapshotSynth [--rows 100000000] [--seed 42] [--threads 2] \
 *     [--rows-per-file 10000000] [--row-group-bytes 3145728] [--check-invariants] SNAPSHOT
 * </pre>
 *
 * What it holds ({@link SynthPlan}, {@link SynthPart}): thousands of skus (LOT/FEFO food in four
 * tiers, SERIAL pharma with lots, SERIAL electronics without, NONE bulk), lots received from
 * suppliers or produced by work orders at the plant, genealogy three edges deep (raw → premix →
 * base → finished, with fan-in and fan-out), allocations to up to 60,000 customers with Zipf-like
 * demand, each serial allocated at most once, a few returns and holds, the stock that is left,
 * and a few lots of 200k+ allocation rows. Allocations are written sorted by lot code (then the
 * lot-less rows by sku), in files of {@code --rows-per-file} rows with row groups of about
 * {@code --row-group-bytes} (3 MiB: about 100k allocation rows, near DuckDB's own writer), so that
 * DuckDB skips by row-group statistics as on a table it sorted itself.
 * Memory is bounded: the plan is a few primitive arrays per lot; rows are streamed lot by lot.
 * The same rows and seed give the same rows; the run id is new every time.
 */
public final class SnapshotSynth {
  private SnapshotSynth() {}

  /** Settings, validated with messages naming the bad value. */
  public record Settings(long rows, long seed, int threads, long rowsPerFile, long rowGroupBytes, boolean checkInvariants) {
    public static final long DEFAULT_ROWS = 100_000_000;
    public static final long DEFAULT_ROWS_PER_FILE = 10_000_000;
    /**
     * About 100k allocation rows per row group (Parquet measures buffered bytes, not rows; 2M
     * rows here gave a median of 99.5k), near DuckDB's own default of 122,880 rows.
     */
    public static final long DEFAULT_ROW_GROUP_BYTES = 3L << 20;

    public Settings {
      if (rows < 10_000 || rows > 400_000_000) {
        throw new IllegalArgumentException("--rows must be in 10000..400000000, got " + rows);
      }
      if (threads < 1 || threads > 64) {
        throw new IllegalArgumentException("--threads must be in 1..64, got " + threads);
      }
      if (rowsPerFile < 1_000) {
        throw new IllegalArgumentException("--rows-per-file must be >= 1000, got " + rowsPerFile);
      }
      if (rowGroupBytes < 64 * 1024) {
        throw new IllegalArgumentException("--row-group-bytes must be >= 65536, got " + rowGroupBytes);
      }
    }

    /** The settings that decide the rows (not how they are split into files or checked). */
    public String describe() {
      return "rows=" + rows + " seed=" + seed + " rowsPerFile=" + rowsPerFile + " rowGroupBytes=" + rowGroupBytes
          + " synth=" + VERSION;
    }
  }

  /** Bump when the synthesized rows change, so that cached snapshots are not reused. */
  static final int VERSION = 2;

  /** What was published. */
  public record Summary(Path snapshot, String runId, Map<String, Long> rows, long bytes, long elapsedMs,
      Map<String, String> invariants) {}

  public static void main(String[] argv) throws Exception {
    long rows = Settings.DEFAULT_ROWS;
    long seed = 42;
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    long rowsPerFile = Settings.DEFAULT_ROWS_PER_FILE;
    long rowGroupBytes = Settings.DEFAULT_ROW_GROUP_BYTES;
    boolean check = false;
    Path snapshot = null;
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      switch (a) {
        case "--rows" -> rows = TraceArgs.parseLong(a, TraceArgs.value(argv, ++i, a));
        case "--seed" -> seed = TraceArgs.parseLong(a, TraceArgs.value(argv, ++i, a));
        case "--threads" -> threads = (int) TraceArgs.parseLong(a, TraceArgs.value(argv, ++i, a));
        case "--rows-per-file" -> rowsPerFile = TraceArgs.parseLong(a, TraceArgs.value(argv, ++i, a));
        case "--row-group-bytes" -> rowGroupBytes = TraceArgs.parseLong(a, TraceArgs.value(argv, ++i, a));
        case "--check-invariants" -> check = true;
        case "-h", "--help" -> {
          System.out.println("SnapshotSynth [--rows 100000000] [--seed 42] [--threads N] [--rows-per-file 10000000]"
              + " [--row-group-bytes 3145728] [--check-invariants] SNAPSHOT");
          return;
        }
        default -> {
          if (a.startsWith("-") || snapshot != null) {
            throw new IllegalArgumentException("unknown option '" + a + "' (try --help)");
          }
          snapshot = Path.of(a);
        }
      }
    }
    if (snapshot == null) {
      throw new IllegalArgumentException("name the snapshot to write (try --help)");
    }
    Summary s = synthesize(snapshot, new Settings(rows, seed, threads, rowsPerFile, rowGroupBytes, check), System.out);
    System.out.println("published " + s.snapshot() + " (run " + s.runId() + ")");
  }

  /** Plans, writes and publishes the snapshot {@code snapshot} (a link, replaced atomically). */
  public static Summary synthesize(Path snapshot, Settings settings, PrintStream console) throws IOException {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    SynthPlan plan = new SynthPlan(settings.rows(), settings.seed());
    long edges = plan.edgeStart[plan.lotCount];
    say(console, String.format(Locale.ROOT,
        "plan: %,d allocation rows, %,d skus, %,d customers, %,d lots with a code and %,d lot-less groups, %,d genealogy"
            + " edges, big lots %s; planned in %.1f s",
        plan.rows, plan.skuCount, plan.customers.length, plan.codedLots, plan.lotCount - plan.codedLots, edges,
        bigLots(plan), (System.nanoTime() - t0) / 1e9));

    String runId = "synth-" + SnapshotPublisher.newRunId();
    try (Staging staging = SnapshotPublisher.stage(snapshot, runId)) {
      Path dir = staging.dir();
      int[] order = plan.writeOrder();
      int[] bounds = split(plan, order, settings.threads());
      LongAdder allocationsDone = new LongAdder();
      LongAdder rowsDone = new LongAdder();
      List<SynthPart> parts = new ArrayList<>();
      for (int p = 0; p < settings.threads(); p++) {
        parts.add(new SynthPart(plan, order, bounds[p], bounds[p + 1], dir, p, settings.rowsPerFile(),
            settings.rowGroupBytes(), allocationsDone, rowsDone));
      }
      ExecutorService pool = Executors.newFixedThreadPool(settings.threads(), r -> {
        Thread t = new Thread(r, "synth");
        t.setDaemon(true);
        return t;
      });
      Thread progress = progressThread(console, plan.rows, allocationsDone, rowsDone);
      try {
        List<Future<?>> running = new ArrayList<>();
        for (SynthPart part : parts) {
          running.add(pool.submit(() -> {
            try (part) {
              part.run();
            }
            return null;
          }));
        }
        for (Future<?> f : running) {
          try {
            f.get();
          } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("a synthesizer thread failed", e.getCause());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
          }
        }
      } finally {
        pool.shutdownNow();
        progress.interrupt();
      }

      Map<String, Manifest.TableInfo> tables = new LinkedHashMap<>();
      tables.put("allocations", info(parts.stream().map(p -> p.allocations).toList()));
      tables.put("backorders", writeBackorders(plan, dir));
      tables.put("stock", info(parts.stream().map(p -> p.stock).toList()));
      tables.put("genealogy", info(parts.stream().map(p -> p.genealogy).toList()));
      tables.put("movements", info(parts.stream().map(p -> p.movements).toList()));
      tables.put("rejects", writeRejects(dir));
      tables.put("skus", writeSkus(plan, dir));
      long allocations = tables.get("allocations").rows();
      if (allocations != plan.rows) {
        throw new IllegalStateException("wrote " + allocations + " allocation rows, planned " + plan.rows);
      }
      Map<String, String> invariants = Map.of();
      if (settings.checkInvariants()) {
        say(console, "checking the invariants of allocation.md (reads everything back)");
        invariants = checkInvariants(dir);
        if (!invariants.values().stream().allMatch(Invariants.OK::equals)) {
          throw new IllegalStateException("the synthesized snapshot breaks an invariant, nothing was published: " + invariants);
        }
      }
      Manifest.of(runId, started, Instant.now(), List.of(), tables, Manifest.ALLOCATION_POLICY_V1, null, Map.of(), invariants)
          .write(dir);
      long bytes = size(dir);
      SnapshotPublisher.publish(staging);
      Map<String, Long> rows = new LinkedHashMap<>();
      tables.forEach((k, v) -> rows.put(k, v.rows()));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      say(console, String.format(Locale.ROOT, "wrote %s in %.1f s (%,.0f allocation rows/s), %s of Parquet: %s",
          snapshot, ms / 1000.0, allocations * 1000.0 / Math.max(1, ms), Machine.mib(bytes), rows));
      return new Summary(snapshot, runId, rows, bytes, ms, invariants);
    }
  }

  /** Contiguous slices of the write order with about the same rows each (every lot counts at least 20). */
  static int[] split(SynthPlan plan, int[] order, int parts) {
    long total = 0;
    for (int lot : order) {
      total += weight(plan, lot);
    }
    int[] bounds = new int[parts + 1];
    long acc = 0;
    int p = 1;
    for (int i = 0; i < order.length && p < parts; i++) {
      acc += weight(plan, order[i]);
      if (acc >= total * p / parts) {
        bounds[p++] = i + 1;
      }
    }
    while (p <= parts) {
      bounds[p++] = order.length;
    }
    return bounds;
  }

  private static long weight(SynthPlan plan, int lot) {
    return plan.lotRows[lot] + 20;
  }

  private static String bigLots(SynthPlan plan) {
    List<String> out = new ArrayList<>();
    for (int lot : plan.bigLots) {
      out.add(plan.lotCode(lot) + " " + String.format(Locale.ROOT, "%,d", plan.lotRows[lot]));
    }
    return out.toString();
  }

  private static <T> Manifest.TableInfo info(List<RollingWriter<T>> writers) {
    long rows = 0;
    List<String> files = new ArrayList<>();
    for (RollingWriter<T> w : writers) {
      rows += w.rows();
      files.addAll(w.files());
    }
    files.sort(null);
    return new Manifest.TableInfo(rows, files);
  }

  private static Manifest.TableInfo writeSkus(SynthPlan plan, Path dir) throws IOException {
    List<Sku> skus = new ArrayList<>();
    for (int s = 0; s < plan.skuCount; s++) {
      String[] du = plan.descriptionAndUnit(s);
      skus.add(new Sku(plan.skuCode[s], plan.skuKind[s].tracking, plan.skuKind[s].policy, du[0], du[1]));
    }
    skus.sort(Comparator.comparing(Sku::sku));
    return writeAll(dir, SnapshotTable.SKUS, skus);
  }

  /** Lines still short at the end: a few per popular finished sku, nothing allocated to them. */
  private static Manifest.TableInfo writeBackorders(SynthPlan plan, Path dir) throws IOException {
    List<Backorder> rows = new ArrayList<>();
    int first = plan.kindFirstSku[SynthPlan.Kind.FINISHED.ordinal()];
    int last = plan.kindFirstSku[SynthPlan.Kind.FINISHED.ordinal() + 1];
    for (int s = first; s < last; s++) {
      SplittableRandom r = SynthIds.rng(plan.seed, SynthIds.SKU, 3L * plan.skuCount + s);
      int n = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 0;
      for (int k = 0; k < n; k++) {
        long qty = 5 + r.nextInt(200);
        long ts = SynthPlan.YEAR_START_MICROS + (SynthPlan.LAST_SALES_DAY - r.nextInt(20)) * SynthPlan.DAY_MICROS
            + 9 * SynthPlan.HOUR_MICROS;
        rows.add(new Backorder(SynthIds.base36("SO", SynthIds.mix48(SynthIds.key(plan.lotCount + s, k)), 10), 1,
            plan.customer(r), plan.skuCode[s], plan.warehouses[1 + r.nextInt(SynthPlan.WAREHOUSES - 1)], qty, qty, ts,
            1 + r.nextInt(5)));
      }
    }
    return writeAll(dir, SnapshotTable.BACKORDERS, rows);
  }

  /** The synthesized input had no bad rows: an empty rejects table, as a run without rejects publishes it. */
  private static Manifest.TableInfo writeRejects(Path dir) throws IOException {
    return writeAll(dir, SnapshotTable.REJECTS, List.<Reject>of());
  }

  private static <T> Manifest.TableInfo writeAll(Path dir, SnapshotTable<T> table, List<T> rows) throws IOException {
    Path tableDir = Files.createDirectories(dir.resolve(table.name()));
    String name = "part-00-00000.parquet";
    long n = table.write(tableDir.resolve(name), rows);
    return new Manifest.TableInfo(n, List.of(table.name() + "/" + name));
  }

  /** conservation_per_lot and serial_in_one_place over the written tables, as the job checks them. */
  static Map<String, String> checkInvariants(Path dir) throws IOException {
    Invariants inv = new Invariants();
    readAll(dir, SnapshotTable.MOVEMENTS, inv::movement);
    readAll(dir, SnapshotTable.ALLOCATIONS, inv::allocation);
    readAll(dir, SnapshotTable.STOCK, inv::stock);
    return inv.results();
  }

  private static <T> void readAll(Path dir, SnapshotTable<T> table, java.util.function.Consumer<T> each) throws IOException {
    Path tableDir = dir.resolve(table.name());
    if (!Files.isDirectory(tableDir)) {
      return;
    }
    try (var files = Files.list(tableDir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".parquet")).sorted().toList()) {
        try (CloseableIterator<T> it = table.read(f)) {
          it.forEachRemaining(each);
        }
      }
    }
  }

  static long size(Path dir) throws IOException {
    try (var all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    }
  }

  /** Rows of the published snapshot per table, from its manifest. */
  static Map<String, Long> rowsPerTable(Path snapshot) throws IOException {
    Map<String, Long> rows = new LinkedHashMap<>();
    SnapshotReader.open(snapshot).manifest().tables().forEach((k, v) -> rows.put(k, v.rows()));
    return rows;
  }

  private static Thread progressThread(PrintStream console, long total, LongAdder allocations, LongAdder rows) {
    Thread t = new Thread(() -> {
      long start = System.nanoTime();
      while (!Thread.currentThread().isInterrupted()) {
        try {
          Thread.sleep(5_000);
        } catch (InterruptedException e) {
          return;
        }
        if (console == null) {
          continue;
        }
        double s = (System.nanoTime() - start) / 1e9;
        long a = allocations.sum();
        long r = rows.sum();
        double rate = a / s;
        long eta = rate > 0 ? (long) ((total - a) / rate) : -1;
        Runtime rt = Runtime.getRuntime();
        console.printf(Locale.ROOT, "  synth %,d / %,d allocation rows (%.1f %%), %,.0f allocation rows/s, %,.0f rows/s in all"
                + " tables, ETA %s, heap %s%n", a, total, 100.0 * a / total, rate, r / s, TraceArgs.duration(eta),
            Machine.mib(rt.totalMemory() - rt.freeMemory()));
      }
    }, "synth-progress");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void say(PrintStream console, String line) {
    if (console != null) {
      console.println(line);
    }
  }
}
