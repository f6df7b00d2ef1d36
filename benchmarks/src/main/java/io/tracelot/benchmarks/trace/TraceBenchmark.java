package io.tracelot.benchmarks.trace;

import io.tracelot.benchmarks.Harness;
import io.tracelot.benchmarks.JvmFlags;
import io.tracelot.benchmarks.Machine;
import io.tracelot.snapshot.Manifest;
import io.tracelot.snapshot.SnapshotDir;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The trace index at 100M allocation rows against DuckDB on the same Parquet (issue 4): query
 * latency warm and first after open, p50/p99/max, open time, and the index build's time and peak
 * heap, with a row-count cross-check of every answer both engines gave.
 *
 * <pre>
 * mvn -B -o -q -pl benchmarks -am package -DskipTests -Dtracelot.flinkjar.skip=true
 * java -cp "benchmarks/target/classes:$(cat benchmarks/target/e2e.classpath)" \
 *     io.tracelot.benchmarks.trace.TraceBenchmark [--rows 100000000] [--rebuild-index] [--help]
 * </pre>
 *
 * Steps, each in a fresh JVM with Tracelot's JVM flags (this JVM needs none):
 * <ol>
 *   <li>the snapshot: {@link SnapshotSynth} with {@code -Xmx2g} into {@code benchmarks/target/trace-<size>/snapshot},
 *       kept and reused while {@code synth.properties} matches the settings (or {@code --snapshot PATH});
 *   <li>the index: {@code TraceIndex.build} with {@code -Xmx2g}, timed with the peak heap
 *       ({@link ChildRun}); skipped when the snapshot already has an index this harness built for
 *       its run ({@code build.properties}), unless {@code --rebuild-index}; an existing index is
 *       deleted first, so that the build does not need the disk of two;
 *   <li>the queries ({@link QueryRun}): sampled with the seed, ours then DuckDB's, then the report
 *       ({@link TraceReport}): a console table, {@code results.json} and {@code results.md} in the directory.
 * </ol>
 * The exit status is non-zero when a step failed or the engines disagree on any answer.
 */
public final class TraceBenchmark {
  static final String SYNTH_FILE = "synth.properties";
  static final String BUILD_FILE = "build.properties";
  static final String MEASURE = "measure";
  /**
   * Peak disk of an index build per allocation row (its sorted runs plus the files written so far):
   * 0.97 GB for 2M rows (index 0.80 GB) with today's index, measured with the synthesized snapshot.
   */
  static final long DISK_PER_ALLOCATION_ROW = 500;

  private TraceBenchmark() {}

  /** Command line settings, validated with messages naming the bad value. */
  record Args(long rows, long seed, Path dir, Path snapshot, boolean resynth, boolean rebuildIndex, String heap,
      String queryHeap, int threads, long rowsPerFile, long rowGroupBytes, int lots, int serials, int recalls, int bigRepeats, int first,
      int opens, int freshJvms, int warmup, int warmupSeconds, boolean duckdb, int duckSeconds, int duckMax, int duckFirst,
      int timeoutMin, Path json, Path md) {

    static Args parse(String... argv) {
      long rows = SnapshotSynth.Settings.DEFAULT_ROWS;
      long seed = 42;
      Path dir = null;
      Path snapshot = null;
      boolean resynth = false;
      boolean rebuild = false;
      String heap = "2g";
      String queryHeap = "2g";
      int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
      long rowsPerFile = SnapshotSynth.Settings.DEFAULT_ROWS_PER_FILE;
      long rowGroupBytes = SnapshotSynth.Settings.DEFAULT_ROW_GROUP_BYTES;
      int lots = 2_000;
      int serials = 2_000;
      int recalls = 500;
      int bigRepeats = 20;
      int first = 20;
      int opens = 20;
      int freshJvms = 5;
      int warmup = 10_000;
      int warmupSeconds = 60;
      boolean duckdb = true;
      int duckSeconds = 480;
      int duckMax = 300;
      int duckFirst = 10;
      int timeoutMin = 120;
      Path json = null;
      Path md = null;
      for (int i = 0; i < argv.length; i++) {
        String a = argv[i];
        switch (a) {
          case "--rows" -> rows = TraceArgs.parseLong(a, TraceArgs.value(argv, ++i, a), 10_000, 400_000_000);
          case "--seed" -> seed = TraceArgs.parseLong(a, TraceArgs.value(argv, ++i, a));
          case "--dir" -> dir = Path.of(TraceArgs.value(argv, ++i, a));
          case "--snapshot" -> snapshot = Path.of(TraceArgs.value(argv, ++i, a));
          case "--resynth" -> resynth = true;
          case "--rebuild-index" -> rebuild = true;
          case "--heap" -> heap = heapSize(a, TraceArgs.value(argv, ++i, a));
          case "--query-heap" -> queryHeap = heapSize(a, TraceArgs.value(argv, ++i, a));
          case "--threads" -> threads = (int) TraceArgs.parseLong(a, TraceArgs.value(argv, ++i, a), 1, 64);
          case "--rows-per-file" -> rowsPerFile = TraceArgs.parseLong(a, TraceArgs.value(argv, ++i, a), 1_000, Long.MAX_VALUE);
          case "--row-group-bytes" -> rowGroupBytes = TraceArgs.parseLong(a, TraceArgs.value(argv, ++i, a), 65_536, Long.MAX_VALUE);
          case "--lots" -> lots = count(argv, ++i, a, 1);
          case "--serials" -> serials = count(argv, ++i, a, 1);
          case "--recalls" -> recalls = count(argv, ++i, a, 1);
          case "--big-repeats" -> bigRepeats = count(argv, ++i, a, 1);
          case "--first" -> first = count(argv, ++i, a, 1);
          case "--opens" -> opens = count(argv, ++i, a, 1);
          case "--fresh-jvms" -> freshJvms = count(argv, ++i, a, 0);
          case "--warmup" -> warmup = count(argv, ++i, a, 0);
          case "--warmup-seconds" -> warmupSeconds = count(argv, ++i, a, 0);
          case "--no-duckdb" -> duckdb = false;
          case "--duckdb-seconds" -> duckSeconds = count(argv, ++i, a, 1);
          case "--duckdb-max" -> duckMax = count(argv, ++i, a, 1);
          case "--duckdb-first" -> duckFirst = count(argv, ++i, a, 1);
          case "--timeout-min" -> timeoutMin = count(argv, ++i, a, 1);
          case "--json" -> json = Path.of(TraceArgs.value(argv, ++i, a));
          case "--md" -> md = Path.of(TraceArgs.value(argv, ++i, a));
          case "-h", "--help" -> throw new HelpRequested();
          default -> throw new IllegalArgumentException("unknown option '" + a + "' (try --help)");
        }
      }
      if (dir == null) {
        dir = Path.of("benchmarks/target/trace-" + (snapshot == null ? TraceArgs.sizeLabel(rows) : "snapshot"));
      }
      return new Args(rows, seed, dir, snapshot, resynth, rebuild, heap, queryHeap, threads, rowsPerFile, rowGroupBytes, lots, serials,
          recalls, bigRepeats, first, opens, freshJvms, warmup, warmupSeconds, duckdb, duckSeconds, duckMax, duckFirst,
          timeoutMin, json == null ? dir.resolve("results.json") : json, md == null ? dir.resolve("results.md") : md);
    }

    /** Where the snapshot is: the one given, or the synthesized one in the directory. */
    Path snapshotPath() {
      return snapshot != null ? snapshot : dir.resolve("snapshot");
    }

    SnapshotSynth.Settings synthSettings() {
      return new SnapshotSynth.Settings(rows, seed, threads, rowsPerFile, rowGroupBytes, false);
    }

    private static String heapSize(String option, String v) {
      if (!v.matches("[0-9]+[kKmMgG]?")) {
        throw new IllegalArgumentException(option + " must be a -Xmx size such as 2g, got '" + v + "'");
      }
      return v;
    }

    private static int count(String[] argv, int i, String option, int min) {
      return (int) TraceArgs.parseLong(option, TraceArgs.value(argv, i, option), min, Integer.MAX_VALUE);
    }
  }

  static final class HelpRequested extends RuntimeException {
    HelpRequested() {
      super("help", null, false, false);
    }
  }

  static final String HELP = """
      TraceBenchmark [options]
        --rows N            allocation rows of the synthesized snapshot (100000000)
        --seed S            synthesizer and sampling seed (42)
        --dir DIR           where the snapshot, logs and results go (benchmarks/target/trace-<size>)
        --snapshot PATH     benchmark this snapshot instead of synthesizing one
        --resynth           synthesize again even if the cached snapshot matches
        --rebuild-index     delete the index and build it again (else reused when this harness built it;
                            an index of a --snapshot given is used as it is)
        --heap 2g           -Xmx of the synthesizer and index build JVMs (the goal: 2 GB)
        --query-heap 2g     -Xmx of the measuring JVM and the fresh-JVM probes
        --threads N         synthesizer threads (cores, at most 4)
        --rows-per-file N   rows per Parquet file of the synthesized tables (10000000)
        --row-group-bytes N Parquet row group size of the synthesized tables (3145728: ~100k allocation rows)
        --lots N --serials N --recalls N   sampled questions of each kind (2000, 2000, 500)
        --big-repeats N     times each >=200k-row lot is asked, warm (20)
        --first N           first-query-after-open samples per kind, ours (20)
        --opens N           in-process opens timed (20); --fresh-jvms N fresh-JVM open + first query (5)
        --warmup N --warmup-seconds S      our warm-up: every case once (each big lot 5 times), at most
                                           N queries or S seconds (10000, 60)
        --no-duckdb         skip the peer (no cross-check then)
        --duckdb-seconds S  DuckDB's time budget over all its sets (480), each set at least 3 samples (first: 2)
        --duckdb-max N      DuckDB samples per warm set at most (300); --duckdb-first N per first-query set (10)
        --timeout-min M     per step (120)
        --json FILE --md FILE   results (DIR/results.json, DIR/results.md)
      """;

  public static void main(String[] argv) throws Exception {
    int status;
    try {
      status = argv.length > 0 && argv[0].equals(MEASURE)
          ? measure(Args.parse(java.util.Arrays.copyOfRange(argv, 1, argv.length)), System.out)
          : run(System.out, argv);
    } catch (HelpRequested e) {
      System.out.print(HELP);
      status = 0;
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      status = 2;
    }
    System.exit(status);
  }

  /** Runs every step; returns the exit status. */
  static int run(PrintStream console, String... argv) throws Exception {
    Args args = Args.parse(argv);
    console.printf(Locale.ROOT, "tracelot trace benchmark: %s, seed %d, %d cores, load %s%n",
        args.snapshot() == null ? String.format(Locale.ROOT, "%,d allocation rows", args.rows()) : args.snapshot(),
        args.seed(), Runtime.getRuntime().availableProcessors(), Machine.loadAverage());
    Files.createDirectories(args.dir());
    Path snapshot = args.snapshotPath();
    if (args.snapshot() == null) {
      int s = ensureSnapshot(args, snapshot, console);
      if (s != 0) {
        return s;
      }
    }
    int b = ensureIndex(args, snapshot, console);
    if (b != 0) {
      return b;
    }
    List<String> measureArgs = new ArrayList<>();
    measureArgs.add(MEASURE);
    measureArgs.addAll(List.of(argv));
    if (args.snapshot() == null) {
      measureArgs.add("--snapshot");
      measureArgs.add(snapshot.toString());
      measureArgs.add("--dir");
      measureArgs.add(args.dir().toString());
    }
    console.printf(Locale.ROOT, "measuring in a fresh JVM (-Xms%1$s -Xmx%1$s, pre-touched, load %2$s)%n", args.queryHeap(), Machine.loadAverage());
    // as `tracelot serve` runs: the whole heap committed and touched at start. A heap that grows
    // between repetitions touches fresh pages while answering (12k minor faults stalled a big lot
    // by 260 ms). The GC and safepoint log explains the rest of the p99s.
    return child(args, List.of("-Xms" + args.queryHeap(), "-Xmx" + args.queryHeap(), "-XX:+AlwaysPreTouch", "-XX:+ExitOnOutOfMemoryError",
        "-Xlog:gc,safepoint:file=" + args.dir().resolve("measure.gc.log").toAbsolutePath()), TraceBenchmark.class.getName(),
        measureArgs, args.dir().resolve("measure.log"), console, "");
  }

  /** Synthesizes the snapshot unless the cached one was made with the same settings. */
  static int ensureSnapshot(Args args, Path snapshot, PrintStream console) throws Exception {
    Path marker = args.dir().resolve(SYNTH_FILE);
    String wanted = args.synthSettings().describe();
    if (!args.resynth() && Files.exists(snapshot) && Files.isRegularFile(marker)) {
      Properties p = load(marker);
      if (wanted.equals(p.getProperty("settings")) && runId(snapshot).equals(p.getProperty("runId"))) {
        console.println("reusing the snapshot " + snapshot + " (" + wanted + ", run " + p.getProperty("runId") + ")");
        return 0;
      }
    }
    Files.deleteIfExists(marker);
    Files.deleteIfExists(args.dir().resolve(BUILD_FILE));
    deleteSnapshot(snapshot);
    Path result = args.dir().resolve("synth.result");
    Files.deleteIfExists(result);
    console.printf(Locale.ROOT, "synthesizing %,d allocation rows into %s in a fresh JVM (-Xmx%s, %d threads)%n", args.rows(),
        snapshot, args.heap(), args.threads());
    int status = child(args, List.of("-Xmx" + args.heap(), "-XX:+ExitOnOutOfMemoryError"), ChildRun.class.getName(),
        List.of("synth", result.toAbsolutePath().toString(), snapshot.toAbsolutePath().toString(), Long.toString(args.rows()),
            Long.toString(args.seed()), Integer.toString(args.threads()), Long.toString(args.rowsPerFile()),
            Long.toString(args.rowGroupBytes())),
        args.dir().resolve("synth.log"), console, "  ");
    Properties p = Files.exists(result) ? load(result) : new Properties();
    if (status != 0 || !"OK".equals(p.getProperty("status"))) {
      console.println("FAILED: synthesizing the snapshot (exit " + status + ", " + p.getProperty("error", "no result")
          + "); see " + args.dir().resolve("synth.log"));
      return status != 0 ? status : 1;
    }
    p.setProperty("settings", wanted);
    p.setProperty("loadAfter", Machine.loadAverage());
    store(p, marker);
    return 0;
  }

  /** Builds the index in a fresh -Xmx2g JVM unless this harness already built it for the snapshot's run. */
  static int ensureIndex(Args args, Path snapshot, PrintStream console) throws Exception {
    Path marker = args.dir().resolve(BUILD_FILE);
    String runId = runId(snapshot);
    boolean built = Files.exists(SnapshotDir.resolve(snapshot).resolve("index").resolve("_index.json"));
    if (!args.rebuildIndex() && built && Files.isRegularFile(marker) && runId.equals(load(marker).getProperty("runId"))) {
      console.println("reusing the index of run " + runId + " built " + load(marker).getProperty("finished")
          + " (--rebuild-index to build and time it again)");
      return 0;
    }
    if (!args.rebuildIndex() && built && args.snapshot() != null) {
      console.println("using the index the snapshot has; its build is not measured (--rebuild-index deletes it, then"
          + " builds and times it)");
      Files.deleteIfExists(marker);
      return 0;
    }
    Files.deleteIfExists(marker);
    Path index = SnapshotDir.resolve(snapshot).resolve("index");
    if (Files.exists(index)) {
      // a build keeps the old index until the new one is in place: at 100M that is ~40 GB more disk
      console.println("deleting the snapshot's current index first (" + Machine.mib(SnapshotSynth.size(index)) + ")");
      io.tracelot.snapshot.FileTrees.delete(index);
    }
    long allocations = Manifest.read(SnapshotDir.resolve(snapshot)).tables().getOrDefault("allocations",
        new Manifest.TableInfo(0, List.of())).rows();
    long needed = allocations * DISK_PER_ALLOCATION_ROW;
    long usable = Files.getFileStore(SnapshotDir.resolve(snapshot)).getUsableSpace();
    if (usable < needed) {
      console.printf(Locale.ROOT, "WARNING: %s free where the index goes; the build may need about %s (runs and index:"
          + " ~%d bytes per allocation row at 2M)%n", Machine.mib(usable), Machine.mib(needed), DISK_PER_ALLOCATION_ROW);
    }
    Path result = args.dir().resolve("build.result");
    Files.deleteIfExists(result);
    String loadBefore = Machine.loadAverage();
    console.printf(Locale.ROOT, "building the trace index of %s in a fresh JVM (-Xmx%s, load %s)%n", snapshot, args.heap(),
        loadBefore);
    long t0 = System.nanoTime();
    int status = child(args, List.of("-Xmx" + args.heap(), "-XX:+ExitOnOutOfMemoryError",
            "-Xlog:gc:file=" + args.dir().resolve("build.gc.log").toAbsolutePath()), ChildRun.class.getName(),
        List.of("build", result.toAbsolutePath().toString(), snapshot.toAbsolutePath().toString()),
        args.dir().resolve("build.log"), console, "  ");
    long processMs = (System.nanoTime() - t0) / 1_000_000;
    Properties p = Files.exists(result) ? load(result) : new Properties();
    if (status == 3 && p.isEmpty()) {
      p.setProperty("status", "OOM");
      p.setProperty("error", "java.lang.OutOfMemoryError with -Xmx" + args.heap());
    }
    p.setProperty("runId", runId);
    p.setProperty("processMs", Long.toString(processMs));
    p.setProperty("heap", args.heap());
    p.setProperty("loadBefore", loadBefore);
    p.setProperty("loadAfter", Machine.loadAverage());
    p.setProperty("finished", java.time.Instant.now().toString());
    if (status != 0 || !"OK".equals(p.getProperty("status"))) {
      console.println("FAILED: building the index (exit " + status + ", " + p.getProperty("error", "no result") + "); see "
          + args.dir().resolve("build.log"));
      return status != 0 ? status : 1;
    }
    store(p, marker);
    return 0;
  }

  /** The measuring JVM: queries both engines, prints the report, writes JSON and Markdown. */
  static int measure(Args args, PrintStream console) throws Exception {
    Path snapshot = args.snapshotPath();
    QueryRun.Results results = new QueryRun(args, snapshot, console).run();
    Properties synth = Files.isRegularFile(args.dir().resolve(SYNTH_FILE)) ? load(args.dir().resolve(SYNTH_FILE)) : null;
    Properties build = Files.isRegularFile(args.dir().resolve(BUILD_FILE)) ? load(args.dir().resolve(BUILD_FILE)) : null;
    TraceReport report = new TraceReport(args, snapshot, results, synth, build, SnapshotSynth.rowsPerTable(snapshot),
        SnapshotSynth.size(SnapshotDir.resolve(snapshot)), Machine.loadAverage());
    report.print(console);
    Files.createDirectories(args.json().toAbsolutePath().getParent());
    Files.writeString(args.json(), report.json());
    Files.createDirectories(args.md().toAbsolutePath().getParent());
    Files.writeString(args.md(), report.markdown());
    console.println("results: " + args.json() + ", " + args.md());
    if (!results.mismatches().isEmpty()) {
      console.println("FAILED: the engines disagree on " + results.mismatches().size() + " answers (see above)");
      return 1;
    }
    return 0;
  }

  /**
   * Runs a step in a fresh JVM with Tracelot's flags; its output goes to {@code log} and, prefixed,
   * to the console. Returns its exit status (-1 when killed after the timeout).
   */
  static int child(Args args, List<String> jvmArgs, String mainClass, List<String> mainArgs, Path log, PrintStream console,
      String prefix) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.addAll(JvmFlags.load());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(mainArgs);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Thread pump = new Thread(() -> {
      try (InputStream in = p.getInputStream();
           BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
           PrintWriter w = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
        for (String line; (line = r.readLine()) != null; ) {
          w.println(line);
          console.println(prefix + line);
        }
      } catch (IOException e) {
        console.println("(lost the child's output: " + e + ")");
      }
    }, "child-output");
    pump.start();
    boolean done = p.waitFor(args.timeoutMin(), TimeUnit.MINUTES);
    if (!done) {
      console.println("killing " + mainClass + " after " + args.timeoutMin() + " min");
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
    pump.join(10_000);
    return done ? p.exitValue() : -1;
  }

  static String runId(Path snapshot) throws IOException {
    return Manifest.read(SnapshotDir.resolve(snapshot)).runId();
  }

  static Properties load(Path file) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    }
    return p;
  }

  static void store(Properties p, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      p.store(out, "tracelot trace benchmark");
    }
  }

  /** Deletes a published snapshot: the link, its versions, its lock and leftovers (nothing else of the parent). */
  static void deleteSnapshot(Path snapshot) throws IOException {
    Path parent = snapshot.toAbsolutePath().normalize().getParent();
    String name = snapshot.getFileName().toString();
    if (parent == null || !Files.isDirectory(parent)) {
      return;
    }
    try (var entries = Files.list(parent)) {
      for (Path e : entries.toList()) {
        String n = e.getFileName().toString();
        if (n.equals(name) || n.startsWith("." + name + ".")) {
          io.tracelot.snapshot.FileTrees.delete(e);
        }
      }
    }
  }
}
