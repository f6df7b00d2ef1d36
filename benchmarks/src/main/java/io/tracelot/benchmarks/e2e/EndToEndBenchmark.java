package io.tracelot.benchmarks.e2e;

import io.tracelot.benchmarks.Harness;
import io.tracelot.benchmarks.JvmFlags;
import io.tracelot.benchmarks.Machine;
import io.tracelot.datasets.DatasetGenerator;
import io.tracelot.datasets.DatasetSummary;
import io.tracelot.datasets.GeneratorConfig;
import io.tracelot.datasets.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end events/s of the allocation job, embedded, on this machine: the goal is at
 * least 500k events/s for 20M events (10M order lines + 10M movements) with a heap of at most 2 GB,
 * and the same job with Flink's own keyed state (heap and RocksDB) as the peer.
 *
 * <pre>
 * mvn -B -pl benchmarks -am package -DskipTests -Dtracelot.flinkjar.skip=true
 * java -cp "benchmarks/target/classes:$(cat benchmarks/target/e2e.classpath)" \
 *     io.tracelot.benchmarks.e2e.EndToEndBenchmark [--rows 20000000] [--configs a,b] [--jfr]
 * </pre>
 *
 * Generates the dataset once (kept in {@code benchmarks/target/e2e-<rows>/} with the generator's
 * settings in a marker file, reused when they match), then runs every configuration in a fresh
 * JVM with {@code -Xmx2g} and Tracelot's JVM flags ({@link JvmFlags}), one after the other, so each
 * gets the same heap and a cold start. Each child reports its elapsed time, input rows, peak heap
 * used and the snapshot's rows per table; this JVM checks that every configuration produced the
 * same rows per table and rejects per reason, prints a table and writes
 * {@code benchmarks/target/e2e-results.json}. The exit status is non-zero when a configuration
 * failed or the row counts differ.
 */
public final class EndToEndBenchmark {
  static final long GOAL_EVENTS_PER_S = 500_000;
  static final long GOAL_HEAP_BYTES = 2L << 30;
  private static final String MARKER = ".e2e-dataset";

  private EndToEndBenchmark() {}

  /** Command line settings, validated with messages naming the bad value. */
  record Args(long rows, long seed, List<E2eConfig> configs, String heap, int parallelism, int timeoutMin, boolean jfr,
      boolean keepSnapshots, boolean floor, Path dataDir, Path workDir, Path json) {
    static Args parse(String... argv) {
      long rows = 20_000_000;
      long seed = 42;
      List<E2eConfig> configs = List.of(E2eConfig.values());
      String heap = "2g";
      int parallelism = 2;
      int timeoutMin = 30;
      boolean jfr = false;
      boolean keep = false;
      boolean floor = false;
      Path data = null;
      Path json = Path.of("benchmarks/target/e2e-results.json");
      for (int i = 0; i < argv.length; i++) {
        String a = argv[i];
        switch (a) {
          case "--rows" -> rows = parseLong(a, value(argv, ++i, a), 20_000, 200_000_000);
          case "--seed" -> seed = parseLong(a, value(argv, ++i, a), Long.MIN_VALUE, Long.MAX_VALUE);
          case "--configs" -> configs = Arrays.stream(value(argv, ++i, a).split(",")).map(String::strip).map(E2eConfig::parse).toList();
          case "--heap" -> {
            heap = value(argv, ++i, a);
            if (!heap.matches("[0-9]+[kKmMgG]?")) {
              throw new IllegalArgumentException("--heap must be a -Xmx size such as 2g, got '" + heap + "'");
            }
          }
          case "--parallelism" -> parallelism = (int) parseLong(a, value(argv, ++i, a), 1, 64);
          case "--timeout-min" -> timeoutMin = (int) parseLong(a, value(argv, ++i, a), 1, 24 * 60);
          case "--jfr" -> jfr = true;
          case "--keep-snapshots" -> keep = true;
          case "--floor" -> floor = true;
          case "--data" -> data = Path.of(value(argv, ++i, a));
          case "--json" -> json = Path.of(value(argv, ++i, a));
          case "-h", "--help" -> {
            System.out.println("EndToEndBenchmark [--rows N=20000000] [--seed S=42] [--configs "
                + String.join(",", Arrays.stream(E2eConfig.values()).map(E2eConfig::label).toList())
                + "] [--heap 2g] [--parallelism 2] [--timeout-min 30] [--jfr] [--keep-snapshots] [--floor] [--data DIR] [--json FILE]");
            System.out.println("  --floor: also time Flink alone on the same rows (FlinkFloor: read, and read + keyed sort), each in a fresh JVM");
            System.exit(0);
          }
          default -> throw new IllegalArgumentException("unknown option '" + a + "' (try --help)");
        }
      }
      if (data == null) {
        data = Path.of("benchmarks/target/e2e-" + sizeLabel(rows));
      }
      return new Args(rows, seed, configs, heap, parallelism, timeoutMin, jfr, keep, floor, data, Path.of("benchmarks/target/e2e-runs"), json);
    }

    /** Generator settings: half order lines, half movements, 5 units per event (100M units for 20M). */
    GeneratorConfig generatorConfig() {
      return GeneratorConfig.builder().units(rows * 5).orderLines(rows / 2).movements(rows - rows / 2).seed(seed).build();
    }

    private static String value(String[] argv, int i, String option) {
      if (i >= argv.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return argv[i];
    }

    private static long parseLong(String option, String v, long min, long max) {
      long n;
      try {
        n = Long.parseLong(v.replace("_", ""));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " must be a number, got '" + v + "'");
      }
      if (n < min || n > max) {
        throw new IllegalArgumentException(option + " must be in " + min + ".." + max + ", got " + n);
      }
      return n;
    }
  }

  /** What one configuration did; {@code status} is OK, FAILED, OOM or TIMEOUT. */
  record Result(E2eConfig config, String status, String error, long events, long elapsedMs, long processMs, long inputRows, long peakHeapUsed,
      long peakHeapAfterGc, long peakHeapCommitted, long maxHeap, long peakRss, long gcCount, long gcMs, Map<String, Long> rows,
      Map<String, Long> rejects, Map<String, Long> phases, String loadBefore, String loadAfter) {
    boolean ok() {
      return status.equals("OK");
    }

    /** The dataset's event rows over the run's elapsed time (the source's own count may include re-reads after a restart). */
    double eventsPerSecond() {
      return elapsedMs <= 0 ? 0 : events * 1000.0 / elapsedMs;
    }
  }

  public static void main(String[] argv) throws Exception {
    Args args = Args.parse(argv);
    System.out.printf(Locale.ROOT, "tracelot end-to-end benchmark: %,d events, configs %s, -Xmx%s, parallelism %d, %d cores, load %s%n",
        args.rows(), args.configs().stream().map(E2eConfig::label).toList(), args.heap(), args.parallelism(),
        Runtime.getRuntime().availableProcessors(), loadAverage());
    Dataset data = dataset(args);
    Files.createDirectories(args.workDir());

    List<Result> results = new ArrayList<>();
    for (E2eConfig c : args.configs()) {
      Result r = runChild(args, c, data);
      results.add(r);
      System.out.printf(Locale.ROOT, "  %-24s %s%s%n", c.label(), r.status(),
          r.ok() ? String.format(Locale.ROOT, ": %.1f s, %,.0f events/s, peak heap %s", r.elapsedMs() / 1000.0, r.eventsPerSecond(), mib(r.peakHeapUsed()))
              : " (" + r.error() + ")");
    }

    List<Floor> floors = new ArrayList<>();
    if (args.floor()) {
      for (String mode : List.of("read", "read-sort")) {
        Floor f = runFloor(args, mode, data);
        floors.add(f);
        System.out.printf(Locale.ROOT, "  %-24s %s%n", "flink floor: " + mode, f.ok() ? String.format(Locale.ROOT, "%.1f s", f.elapsedMs() / 1000.0) : f.status());
      }
    }

    List<String> mismatches = compare(results);
    Report.print(System.out, args, results, floors, mismatches);
    Files.createDirectories(args.json().toAbsolutePath().getParent());
    Files.writeString(args.json(), Report.json(args, results, floors, mismatches));
    System.out.println("results: " + args.json());
    boolean failed = results.stream().anyMatch(r -> !r.ok()) || floors.stream().anyMatch(f -> !f.ok()) || !mismatches.isEmpty();
    System.exit(failed ? 1 : 0);
  }

  /** What Flink alone took on the same rows ({@link FlinkFloor}); {@code status} is OK, FAILED or TIMEOUT. */
  record Floor(String mode, String status, long rows, long elapsedMs) {
    boolean ok() {
      return status.equals("OK");
    }

    double rowsPerSecond() {
      return elapsedMs <= 0 ? 0 : rows * 1000.0 / elapsedMs;
    }
  }

  /** The start of a measured JVM's command line: this JDK, the heap, Tracelot's JVM flags. */
  private static List<String> freshJvm(Args args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + args.heap());
    cmd.addAll(JvmFlags.load());
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    return cmd;
  }

  /** Runs {@link FlinkFloor} in a fresh JVM with the configurations' heap and flags. */
  static Floor runFloor(Args args, String mode, Dataset data) throws IOException, InterruptedException {
    Path resultFile = args.workDir().resolve(sizeLabel(args.rows()) + "-floor-" + mode + ".properties");
    Files.deleteIfExists(resultFile);
    Path log = args.workDir().resolve(sizeLabel(args.rows()) + "-floor-" + mode + ".log");
    List<String> cmd = freshJvm(args);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(FlinkFloor.class.getName());
    cmd.add(mode);
    cmd.add(data.dir().toAbsolutePath().toString());
    cmd.add(Integer.toString(args.parallelism()));
    cmd.add(resultFile.toAbsolutePath().toString());
    System.out.printf(Locale.ROOT, "running the flink floor (%s) in a fresh JVM (load %s; log %s)%n", mode, loadAverage(), log);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(args.timeoutMin(), TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      return new Floor(mode, "TIMEOUT", 0, 0);
    }
    if (p.exitValue() != 0 || !Files.isRegularFile(resultFile)) {
      return new Floor(mode, "FAILED", 0, 0);
    }
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(resultFile)) {
      props.load(in);
    }
    return new Floor(mode, "OK", Long.parseLong(props.getProperty("rows")), Long.parseLong(props.getProperty("elapsedMs")));
  }

  /** The generated input directory and its event rows (order lines and movements, bad rows included). */
  record Dataset(Path dir, long eventRows) {}

  /**
   * The input directory: generated once for these settings, reused while the marker (the
   * generator's settings, then the event rows it wrote) matches.
   */
  static Dataset dataset(Args args) throws IOException {
    GeneratorConfig config = args.generatorConfig();
    Path dir = args.dataDir();
    Path marker = dir.resolve(MARKER);
    if (Files.isRegularFile(marker)) {
      List<String> lines = Files.readAllLines(marker);
      if (lines.size() == 2 && lines.get(0).equals(config.toString()) && lines.get(1).startsWith("eventRows=")) {
        System.out.println("reusing the dataset in " + dir + " (" + config + ")");
        return new Dataset(dir, Long.parseLong(lines.get(1).substring("eventRows=".length())));
      }
    }
    if (Files.exists(dir)) {
      io.tracelot.snapshot.FileTrees.delete(dir);
    }
    System.out.println("generating " + config + " into " + dir);
    DatasetSummary s = DatasetGenerator.generate(config, dir, ProgressListener.console());
    long events = s.table("orders").rows() + s.table("movements").rows();
    System.out.printf(Locale.ROOT, "%ngenerated %,d rows (%,d events), %s, in %.1f s%n", s.totalRows(), events, mib(s.totalBytes()),
        s.elapsed().toMillis() / 1000.0);
    Files.writeString(marker, config + "\neventRows=" + events + "\n");
    return new Dataset(dir, events);
  }

  /** Runs one configuration in a fresh JVM; its console goes to {@code e2e-runs/<config>.log}. */
  static Result runChild(Args args, E2eConfig c, Dataset data) throws IOException, InterruptedException {
    Path runDir = args.workDir().resolve(sizeLabel(args.rows()) + "-" + c.label());
    if (Files.exists(runDir)) {
      io.tracelot.snapshot.FileTrees.delete(runDir);
    }
    Files.createDirectories(runDir);
    Path log = args.workDir().resolve(sizeLabel(args.rows()) + "-" + c.label() + ".log");
    Path resultFile = runDir.resolve("result.properties");
    List<String> cmd = freshJvm(args);
    // a failed checkpoint fails a STREAMING job, which then restarts and reads its input again: say why in the log
    cmd.add("-Dorg.slf4j.simpleLogger.log.org.apache.flink.runtime.checkpoint.CheckpointFailureManager=warn");
    // a checkpoint directory for the STREAMING runs, for a job that reads it (see RESULTS.md); deleted after the run
    cmd.add("-Dtracelot.checkpoints=" + runDir.resolve("checkpoints").toAbsolutePath());
    cmd.add("-Xlog:gc:file=" + args.workDir().resolve(sizeLabel(args.rows()) + "-" + c.label() + ".gc.log"));
    // the embedded cluster's knobs, for experiments: managed memory (off-heap, for the BATCH
    // sorts) and the BATCH shuffle mode (AllocationRun.environment)
    for (String knob : List.of("tracelot.managed", "tracelot.shuffle")) {
      if (System.getProperty(knob) != null) {
        cmd.add("-D" + knob + "=" + System.getProperty(knob));
      }
    }
    if (args.jfr()) {
      cmd.add("-XX:StartFlightRecording=filename=" + args.workDir().resolve(sizeLabel(args.rows()) + "-" + c.label() + ".jfr") + ",settings=profile");
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(EndToEndRun.class.getName());
    cmd.add(c.label());
    cmd.add(data.dir().toAbsolutePath().toString());
    cmd.add(runDir.resolve("snapshot").toAbsolutePath().toString());
    cmd.add(resultFile.toAbsolutePath().toString());
    cmd.add(Integer.toString(args.parallelism()));

    String loadBefore = loadAverage();
    System.out.printf(Locale.ROOT, "running %s in a fresh JVM (load %s; log %s)%n", c.label(), loadBefore, log);
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean done = p.waitFor(args.timeoutMin(), TimeUnit.MINUTES);
    if (!done) {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
    long processMs = (System.nanoTime() - t0) / 1_000_000;
    String loadAfter = loadAverage();
    Properties props = new Properties();
    if (Files.isRegularFile(resultFile)) {
      try (InputStream in = Files.newInputStream(resultFile)) {
        props.load(in);
      }
    }
    String status;
    String error = props.getProperty("error", "");
    if (!done) {
      status = "TIMEOUT";
      error = "killed after " + args.timeoutMin() + " min";
    } else if (p.exitValue() == 3 && props.isEmpty()) {
      status = "OOM";
      error = "java.lang.OutOfMemoryError with -Xmx" + args.heap() + " (ExitOnOutOfMemoryError, exit 3)";
    } else {
      status = props.getProperty("status", "FAILED");
      if (props.isEmpty()) {
        error = "exit " + p.exitValue() + " without a result; see " + log;
      }
    }
    if (!status.equals("OK")) {
      String cause = lastCause(log);
      if (cause != null) {
        error += "; last cause in the log: " + cause;
      }
    }
    Map<String, Long> rows = new TreeMap<>();
    Map<String, Long> rejects = new TreeMap<>();
    Map<String, Long> phases = new LinkedHashMap<>();
    for (String phase : List.of("startup", "reading", "toFirstApplied", "allocating", "finishing")) {
      phases.put(phase, num(props, "phase." + phase));
    }
    for (String k : props.stringPropertyNames()) {
      if (k.startsWith("rows.")) {
        rows.put(k.substring(5), Long.parseLong(props.getProperty(k)));
      } else if (k.startsWith("rejects.")) {
        rejects.put(k.substring(8), Long.parseLong(props.getProperty(k)));
      }
    }
    if (!args.keepSnapshots()) {
      io.tracelot.snapshot.FileTrees.delete(runDir.resolve("snapshot"));
      try (var s = Files.list(runDir)) {
        for (Path f : s.toList()) {
          if (!f.equals(resultFile)) {
            io.tracelot.snapshot.FileTrees.delete(f);
          }
        }
      }
    }
    return new Result(c, status, error, data.eventRows(), num(props, "elapsedMs"), processMs, num(props, "inputRows"), num(props, "peakHeapUsed"),
        num(props, "peakHeapAfterGc"), num(props, "peakHeapCommitted"), num(props, "maxHeap"), num(props, "peakRss"),
        num(props, "gcCount"), num(props, "gcMs"), rows, rejects, phases, loadBefore, loadAfter);
  }

  /** The last "Caused by:" line of a child's log, shortened; null when there is none. */
  static String lastCause(Path log) {
    try (var lines = Files.lines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
      return lines.filter(l -> l.startsWith("Caused by: ")).reduce((a, b) -> b)
          .map(l -> l.substring("Caused by: ".length()))
          .map(l -> l.length() > 300 ? l.substring(0, 300) + "..." : l)
          .orElse(null);
    } catch (IOException | java.io.UncheckedIOException e) {
      return null;
    }
  }

  /** A peer that computes something else is not a peer: rows per table and rejects per reason must match. */
  static List<String> compare(List<Result> results) {
    List<String> out = new ArrayList<>();
    Result base = results.stream().filter(Result::ok).findFirst().orElse(null);
    if (base == null) {
      return out;
    }
    for (Result r : results) {
      if (r != base && r.ok()) {
        if (!r.rows().equals(base.rows())) {
          out.add(r.config().label() + " rows per table " + r.rows() + " differ from " + base.config().label() + " " + base.rows());
        }
        if (!r.rejects().equals(base.rejects())) {
          out.add(r.config().label() + " rejects per reason " + r.rejects() + " differ from " + base.config().label() + " " + base.rejects());
        }

      }
    }
    return out;
  }

  static String sizeLabel(long rows) {
    if (rows % 1_000_000 == 0) {
      return rows / 1_000_000 + "M";
    }
    return rows % 1_000 == 0 ? rows / 1_000 + "k" : Long.toString(rows);
  }

  static String mib(long bytes) {
    return Machine.mib(bytes);
  }

  static String loadAverage() {
    return Machine.loadAverage();
  }

  static Map<String, String> machine() {
    return Machine.info();
  }

  private static long num(Properties p, String key) {
    String v = p.getProperty(key);
    return v == null ? -1 : Long.parseLong(v);
  }


}
