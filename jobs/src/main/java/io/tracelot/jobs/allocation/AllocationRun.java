package io.tracelot.jobs.allocation;

import io.tracelot.allocator.AllocationAudit;
import io.tracelot.allocator.Invariants;
import io.tracelot.allocator.SkuMaster;
import io.tracelot.allocator.input.InputDirectory;
import io.tracelot.allocator.input.InputFile;
import io.tracelot.allocator.input.InputRow;
import io.tracelot.allocator.input.RowReader;
import io.tracelot.allocator.model.InputSource;
import io.tracelot.allocator.model.Reject;
import io.tracelot.allocator.model.RejectReason;
import io.tracelot.jobs.common.InputRowFormat;
import io.tracelot.jobs.common.ParquetSinks;
import io.tracelot.jobs.common.PriorRunFormat;
import io.tracelot.jobs.common.RunProgress;
import io.tracelot.query.IndexProgress;
import io.tracelot.query.TraceIndex;
import io.tracelot.snapshot.Manifest;
import io.tracelot.snapshot.SnapshotPublisher;
import io.tracelot.snapshot.SnapshotReader;
import io.tracelot.snapshot.SnapshotTable;
import io.tracelot.snapshot.Staging;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * One allocation run, end to end: check the inputs (a missing or unusable input stops the run
 * before anything is written), read the item master, run {@link AllocationJob} on Flink into a
 * staging directory, write the manifest and publish the snapshot with one atomic step.
 */
public final class AllocationRun {
  /** Settings of a run; the builder-like factory validates them with messages naming the value. */
  public record Options(Path input, Path snapshot, Path from, int parallelism, RuntimeExecutionMode mode, int keyGroups, boolean embedded,
      StockIndexKind stockIndex, String stateBackend, Recovery recovery) {
    public Options {
      Objects.requireNonNull(input, "input directory");
      Objects.requireNonNull(snapshot, "snapshot path");
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(stockIndex, "stockIndex");
      Objects.requireNonNull(recovery, "recovery");
      if (from != null && stockIndex != StockIndexKind.CHRONICLE) {
        throw new IllegalArgumentException("a chained run (--from " + from + ") needs the Chronicle stock index, got " + stockIndex);
      }
      if (parallelism < 1 || parallelism > 1024) {
        throw new IllegalArgumentException("parallelism must be in 1..1024, got " + parallelism);
      }
      if (keyGroups < parallelism || keyGroups > 32768) {
        throw new IllegalArgumentException("key groups must be in parallelism.." + 32768 + ", got " + keyGroups);
      }
    }

    public static Options of(Path input, Path snapshot) {
      return new Options(input, snapshot, null, 2, RuntimeExecutionMode.BATCH, 128, true, StockIndexKind.CHRONICLE, null, Recovery.DEFAULT);
    }

    public Options withParallelism(int p) {
      return new Options(input, snapshot, from, p, mode, keyGroups, embedded, stockIndex, stateBackend, recovery);
    }

    public Options withMode(RuntimeExecutionMode m) {
      return new Options(input, snapshot, from, parallelism, m, keyGroups, embedded, stockIndex, stateBackend, recovery);
    }

    /** Starts from the state of an earlier snapshot (its stock index, item master, used ids, history). */
    public Options from(Path earlier) {
      return new Options(input, snapshot, earlier, parallelism, mode, keyGroups, embedded, stockIndex, stateBackend, recovery);
    }

    public Options onCluster() {
      return new Options(input, snapshot, from, parallelism, mode, keyGroups, false, stockIndex, stateBackend, recovery);
    }

    /** Keeps sku books in another store; FLINK_STATE is the benchmark's peer. */
    public Options withStockIndex(StockIndexKind kind, String flinkStateBackend) {
      return new Options(input, snapshot, from, parallelism, mode, keyGroups, embedded, kind, flinkStateBackend, recovery);
    }

    /** How many times Flink restarts failed tasks before the run fails (0: the first failure fails it). */
    public Options withRestarts(int restarts) {
      return withRecovery(new Recovery(restarts, recovery.checkpointInterval(), recovery.failure()));
    }

    /** How often a STREAMING run checkpoints. */
    public Options withCheckpointInterval(Duration interval) {
      return withRecovery(new Recovery(recovery.restarts(), interval, recovery.failure()));
    }

    /** Tests: makes one allocation task fail (see {@link FailureInjection}). */
    public Options withFailureInjection(FailureInjection failure) {
      return withRecovery(new Recovery(recovery.restarts(), recovery.checkpointInterval(), failure));
    }

    private Options withRecovery(Recovery r) {
      return new Options(input, snapshot, from, parallelism, mode, keyGroups, embedded, stockIndex, stateBackend, r);
    }
  }

  /**
   * How a run survives task failures. Flink restarts failed tasks up to {@code restarts} times, a
   * second apart (a BATCH run restarts only the failed region: the failed subtask and what it feeds
   * until the next blocking exchange; a STREAMING run restores its latest checkpoint, taken every
   * {@code checkpointInterval}). {@code failure} injects a failure for tests, or is null.
   */
  public record Recovery(int restarts, Duration checkpointInterval, FailureInjection failure) {
    public static final int DEFAULT_RESTARTS = 3;
    public static final Recovery DEFAULT = new Recovery(DEFAULT_RESTARTS, Duration.ofSeconds(10), null);

    public Recovery {
      if (restarts < 0 || restarts > 1000) {
        throw new IllegalArgumentException("restarts must be in 0..1000, got " + restarts);
      }
      Objects.requireNonNull(checkpointInterval, "checkpointInterval");
      if (checkpointInterval.toMillis() < 10 || checkpointInterval.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("checkpoint interval must be between 10 ms and 1 day, got " + checkpointInterval);
      }
    }
  }

  /**
   * What a run did, for the closing summary.
   *
   * @param inputRows per input table (skus, movements, orders): rows read, applied and rejected
   */
  public record Summary(String runId, Path snapshot, Map<String, Long> rowsPerTable, Map<RejectReason, Long> rejectsByReason,
      Map<String, Manifest.InputRows> inputRows, Duration elapsed) {
    public long backorders() {
      return rowsPerTable.getOrDefault(SnapshotTable.BACKORDERS.name(), 0L);
    }

    /** Rows read from every input file. */
    public long inputRowsRead() {
      return inputRows.values().stream().mapToLong(Manifest.InputRows::read).sum();
    }
  }

  private AllocationRun() {}

  public static Summary run(Options o, PrintStream console) throws Exception {
    Instant started = Instant.now();
    InputDirectory input = InputDirectory.open(o.input());
    input.validateHeaders();

    SnapshotReader prior = o.from() == null ? null : SnapshotReader.open(o.from());
    SkuMaster master = new SkuMaster();
    if (prior != null) {
      prior.readAll(SnapshotTable.SKUS).forEach(master::preload);
    }
    ItemMasterRows skuRows = readItemMaster(input, master);
    List<Reject> skuRejects = skuRows.rejects();
    int keyGroups = prior == null ? o.keyGroups() : StockState.keyGroups(prior.dir());
    List<InputFile> eventFiles = new ArrayList<>(input.files(InputSource.MOVEMENTS));
    eventFiles.addAll(input.files(InputSource.ORDERS));
    long inputBytes = eventFiles.stream().mapToLong(InputFile::sizeBytes).sum();

    try (Staging staging = SnapshotPublisher.stage(o.snapshot())) {
      Path stockDir = prior == null ? StockState.create(staging.dir(), keyGroups) : StockState.copy(prior.dir(), staging.dir());
      long expectedLots = Math.max(1_000, inputBytes / 200);
      AllocationJob.Plan plan = new AllocationJob.Plan(master.asMap(), skuRejects, o.stockIndex(), stockDir.toString(), Math.max(16, master.size()), expectedLots,
          o.recovery().failure());

      Path checkpoints = staging.dir().resolve("_checkpoints");
      StreamExecutionEnvironment env = environment(o, keyGroups, checkpoints);
      FileSource<InputRow> source = FileSource.forBulkFileFormat(new InputRowFormat(eventFiles),
          eventFiles.stream().map(InputRowFormat::flinkPath).toArray(org.apache.flink.core.fs.Path[]::new)).build();
      AllocationJob.Sources sources = AllocationJob.Sources.of(source);
      org.apache.flink.core.fs.Path[] history = prior == null ? new org.apache.flink.core.fs.Path[0] : historyDirs(prior.dir());
      if (history.length > 0) {
        sources = new AllocationJob.Sources(source, FileSource.forBulkFileFormat(PriorRunFormat.usedIds(), history).build(),
            FileSource.forBulkFileFormat(PriorRunFormat.workOrderMovements(), history).build());
      }
      new AllocationJob(plan, sources, ParquetSinks.into(staging.dir(), staging.runId())).build(env);

      RunProgress.reset();
      if (!o.embedded()) {
        // the progress counters live in the TaskManagers' JVMs: the cluster's web UI shows progress
        console.println("submitting to the Flink cluster; progress is in its web UI");
      }
      JobExecutionResult result;
      try (ProgressLine progress = new ProgressLine(o.embedded() ? console : null, inputBytes)) {
        result = env.execute("tracelot allocate " + staging.runId());
      }
      reportRestarts(console, result);
      if (o.stockIndex() == StockIndexKind.CHRONICLE) {
        // the index of the attempts whose output was committed becomes the snapshot's state/stock
        reportRecoveries(console, StockAttempts.promote(stockDir, keyGroups));
      }
      removeUncommittedParts(staging.dir(), staging.runId());
      deleteTree(checkpoints);
      if (prior != null) {
        carryForward(prior.dir(), staging.dir());
      }
      Summary summary = finish(staging, input, master, skuRows.accepted(), prior, started, o, console);
      phase(console, "publishing the snapshot", started);
      SnapshotPublisher.publish(staging);
      return summary;
    }
  }

  /**
   * After the job: the item master table, row counts, rejects per reason, invariants, input rows =
   * applied + rejected, the manifest. A broken invariant or rows that do not add up fail the run.
   */
  private static Summary finish(Staging staging, InputDirectory input, SkuMaster master, long skusApplied, SnapshotReader prior, Instant started,
      Options o, PrintStream console) throws IOException {
    phase(console, "checking invariants and writing the manifest", started);
    SnapshotTable.SKUS.write(Files.createDirectories(staging.dir().resolve(SnapshotTable.SKUS.name())).resolve("part-" + staging.runId() + ".parquet"),
        master.asMap().values().stream().sorted(io.tracelot.allocator.model.RowOrder.SKUS).toList());
    Map<String, Manifest.TableInfo> tables = new LinkedHashMap<>();
    for (SnapshotTable<?> t : SnapshotTable.ALL) {
      tables.put(t.name(), tableInfo(staging.dir(), t.name()));
    }
    // the invariants and the input scan and accounting each keep one core busy: side by side they
    // take the time of the longer one (at 20M events, each about half a minute alone)
    FutureTask<Map<String, String>> invariantsCheck = new FutureTask<>(() -> checkInvariants(staging.dir()));
    Thread invariantsThread = new Thread(invariantsCheck, "tracelot-invariants");
    invariantsThread.setDaemon(true);
    invariantsThread.start();
    Map<InputFile, InputFile.Scan> scans;
    InputAccounting.Result accounting;
    try {
      scans = scanInputs(input);
      accounting = InputAccounting.count(staging.dir(), staging.runId(), scans, skusApplied, prior);
    } finally {
      // never leave it reading files that a failed run's clean-up is about to delete
      joinUninterruptibly(invariantsThread);
    }
    Map<String, String> invariants = resultOf(invariantsCheck); // a broken invariant is reported first, as when checked alone
    InputAccounting.check(accounting.rows());
    Map<RejectReason, Long> byReason = accounting.rejectsByReason();
    List<Manifest.InputFile> inputs = new ArrayList<>();
    scans.forEach((f, scan) -> inputs.add(new Manifest.InputFile(f.table().tableName(), f.name(), f.sizeBytes(), scan.sha256())));
    Map<String, Long> reasons = new LinkedHashMap<>();
    byReason.forEach((r, n) -> reasons.put(r.name(), n));
    Manifest.of(staging.runId(), started, Instant.now(), inputs, tables, Manifest.ALLOCATION_POLICY_V1,
        prior == null ? null : prior.manifest().runId(), reasons, invariants).withInputRows(accounting.rows()).write(staging.dir());
    // the recall index is part of the snapshot: built before publishing, so it appears with it
    phase(console, "building the recall trace index", started);
    TraceIndex.build(staging.dir(), indexProgress(console));
    Map<String, Long> rows = new LinkedHashMap<>();
    tables.forEach((name, info) -> rows.put(name, info.rows()));
    return new Summary(staging.runId(), o.snapshot(), rows, byReason, accounting.rows(), Duration.between(started, Instant.now()));
  }

  private static void joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The result of a finished task, or what it threw, unwrapped. */
  private static <T> T resultOf(FutureTask<T> task) throws IOException {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(e.getCause());
    }
  }

  /**
   * Reads every input file again, once, for its rows and checksum (several files at a time: the job
   * is over, so its cores are free).
   *
   * @throws IllegalStateException when a file's size changed since the run listed it
   */
  static Map<InputFile, InputFile.Scan> scanInputs(InputDirectory input) {
    List<InputFile> files = input.files();
    List<InputFile.Scan> scans = files.parallelStream().map(InputFile::scan).toList();
    Map<InputFile, InputFile.Scan> out = new LinkedHashMap<>();
    for (int i = 0; i < files.size(); i++) {
      InputFile f = files.get(i);
      if (scans.get(i).bytes() != f.sizeBytes()) {
        throw new IllegalStateException(f.name() + " changed during the run (" + f.sizeBytes() + " bytes when the run started, "
            + scans.get(i).bytes() + " now), nothing was published");
      }
      out.put(f, scans.get(i));
    }
    return out;
  }

  /**
   * Deletes a directory tree whose files may still be going away on their own (Flink discards
   * subsumed checkpoints asynchronously after the job returns): vanished entries are fine.
   */
  private static void deleteTree(Path dir) throws IOException {
    for (int attempt = 0; Files.exists(dir); attempt++) {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (java.nio.file.NoSuchFileException | java.nio.file.DirectoryNotEmptyException | UncheckedIOException e) {
        if (attempt >= 10) {
          throw new IOException("cannot remove the run's checkpoints " + dir, e);
        }
      }
    }
  }

  /**
   * Removes the part files failed attempts left in progress. The sinks commit (rename) every file
   * of the attempts that succeeded before the job ends, so a file still in progress after a
   * successful job was written by an attempt that failed, and its rows are not part of the run.
   */
  private static void removeUncommittedParts(Path staging, String runId) throws IOException {
    for (SnapshotTable<?> t : SnapshotTable.ALL) {
      Path dir = staging.resolve(t.name());
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.toList()) {
          String name = f.getFileName().toString();
          if (name.startsWith(".part-" + runId) && name.contains(".inprogress.")) {
            Files.deleteIfExists(f);
          }
        }
      }
    }
  }

  /** Says when allocation tasks failed and were restarted (nothing when none did). */
  private static void reportRestarts(PrintStream console, JobExecutionResult result) {
    Integer attempt;
    try {
      attempt = result.getAccumulatorResult(AllocateSkus.ATTEMPT_ACCUMULATOR);
    } catch (RuntimeException e) {
      return; // a detached submission has no results
    }
    if (attempt != null && attempt > 0) {
      say(console, "recovered from task failures: allocation subtasks finished in attempts up to " + attempt);
    }
  }

  /** Says which key groups' stock index came from a restarted attempt (none when nothing failed). */
  private static void reportRecoveries(PrintStream console, List<StockAttempts.Promoted> promoted) {
    for (StockAttempts.Promoted p : promoted) {
      if (p.attempt() > 0) {
        say(console, "stock index of key groups " + p.firstKeyGroup() + ".." + p.lastKeyGroup() + " from attempt " + p.attempt() + ", which started from "
            + p.origin());
      }
    }
  }

  private static IndexProgress indexProgress(PrintStream console) {
    if (console == null) {
      return IndexProgress.none();
    }
    String[] last = {""};
    return (phase, rows, total, rate) -> {
      if (!phase.equals(last[0])) {
        last[0] = phase;
        console.printf(java.util.Locale.ROOT, "  index: %-28s %,12d rows %,10.0f rows/s%n", phase, rows, rate);
      }
    };
  }

  /** A phase after the job, with the time since the run started (where a long run's time goes). */
  private static void phase(PrintStream console, String phase, Instant started) {
    if (console != null) {
      console.printf(java.util.Locale.ROOT, "[%s] at %.1f s%n", phase, Duration.between(started, Instant.now()).toMillis() / 1000.0);
    }
  }

  private static void say(PrintStream console, String phase) {
    if (console != null) {
      console.println("[" + phase + "]");
    }
  }

  /** The item master rows of a run: those refused, and how many the master accepted. */
  record ItemMasterRows(List<Reject> rejects, long accepted) {}

  /** Reads skus files in file order into the master; rows that fail go to rejects. */
  static ItemMasterRows readItemMaster(InputDirectory input, SkuMaster master) {
    List<Reject> rejects = new ArrayList<>();
    long[] rows = {0};
    for (InputFile f : input.files(InputSource.SKUS)) {
      try (RowReader reader = f.open()) {
        rejects.addAll(master.read(() -> new java.util.Iterator<InputRow>() {
          @Override
          public boolean hasNext() {
            return reader.hasNext();
          }

          @Override
          public InputRow next() {
            rows[0]++;
            return reader.next();
          }
        }));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f.path(), e);
      }
    }
    return new ItemMasterRows(rejects, rows[0] - rejects.size());
  }

  /**
   * Checks the staged tables against the invariants of allocation.md, reading them back as any
   * reader would. A broken invariant fails the run before anything is published. The third,
   * {@link AllocationAudit#INVARIANT}, needs facts the tables lack: the allocator checked it on every
   * allocation as it was made (a violation failed the job), so here it is only counted.
   */
  static Map<String, String> checkInvariants(Path staging) throws IOException {
    Invariants inv = new Invariants();
    long[] allocations = {0};
    forEachRow(staging, SnapshotTable.MOVEMENTS, inv::movement);
    forEachRow(staging, SnapshotTable.ALLOCATIONS, a -> {
      inv.allocation(a);
      allocations[0]++;
    });
    forEachRow(staging, SnapshotTable.STOCK, inv::stock);
    Map<String, String> results = inv.results();
    if (!inv.allHold()) {
      throw new IllegalStateException("the run broke an invariant of allocation.md, nothing was published: " + results);
    }
    results.put(AllocationAudit.INVARIANT, AllocationAudit.manifestValue(allocations[0]));
    return results;
  }

  private static <T> void forEachRow(Path snapshot, SnapshotTable<T> table, java.util.function.Consumer<T> action) throws IOException {
    Path dir = snapshot.resolve(table.name());
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList()) {
        try (var rows = table.read(f)) {
          rows.forEachRemaining(action);
        }
      }
    }
  }

  /** Tables whose rows are history: an earlier run's rows stay in every later snapshot. */
  private static final List<SnapshotTable<?>> HISTORY = List.of(SnapshotTable.ALLOCATIONS, SnapshotTable.MOVEMENTS, SnapshotTable.REJECTS);

  /** The earlier snapshot's tables that name used ids and work orders, for the chained run's sources. */
  private static org.apache.flink.core.fs.Path[] historyDirs(Path prior) {
    return Stream.of(SnapshotTable.MOVEMENTS, SnapshotTable.REJECTS, SnapshotTable.ALLOCATIONS, SnapshotTable.BACKORDERS)
        .map(t -> prior.resolve(t.name()))
        .filter(Files::isDirectory)
        .map(d -> new org.apache.flink.core.fs.Path(d.toUri()))
        .toArray(org.apache.flink.core.fs.Path[]::new);
  }

  /**
   * Puts the earlier run's history rows into this snapshot: hard links where the file system allows
   * (the files are immutable), copies otherwise. Stock, backorders and genealogy are recomputed.
   */
  private static void carryForward(Path prior, Path staging) throws IOException {
    for (SnapshotTable<?> t : HISTORY) {
      Path from = prior.resolve(t.name());
      if (!Files.isDirectory(from)) {
        continue;
      }
      Path to = Files.createDirectories(staging.resolve(t.name()));
      try (Stream<Path> files = Files.list(from)) {
        for (Path f : files.filter(x -> x.getFileName().toString().endsWith(".parquet")).toList()) {
          Path target = to.resolve(f.getFileName());
          try {
            Files.createLink(target, f);
          } catch (IOException | UnsupportedOperationException e) {
            Files.copy(f, target);
          }
        }
      }
    }
  }

  /**
   * The Flink environment a BATCH run with these options gets, without the job: the benchmarks
   * measure Flink alone on exactly the allocation's settings with it.
   */
  public static StreamExecutionEnvironment batchEnvironment(Options o) {
    if (o.mode() != RuntimeExecutionMode.BATCH) {
      throw new IllegalArgumentException("a STREAMING environment needs the run's checkpoint directory, got mode " + o.mode());
    }
    return environment(o, o.keyGroups(), null);
  }

  private static StreamExecutionEnvironment environment(Options o, int keyGroups, Path checkpoints) {
    Configuration conf = new Configuration();
    // Failed tasks are restarted: every attempt of an allocation subtask works on its own copy of
    // the stock index (StockAttempts), so a restart never sees what a failed attempt wrote. BATCH
    // keeps Flink's region failover: only the failed subtask's region runs again, from its blocking
    // inputs. Speculative execution stays off: two live attempts of one subtask would both finish.
    if (o.recovery().restarts() == 0) {
      conf.setString("restart-strategy.type", "none");
    } else {
      conf.setString("restart-strategy.type", "fixed-delay");
      conf.setString("restart-strategy.fixed-delay.attempts", Integer.toString(o.recovery().restarts()));
      conf.setString("restart-strategy.fixed-delay.delay", "1 s");
    }
    conf.setString("execution.batch.speculative.enabled", "false");
    if (o.mode() == RuntimeExecutionMode.STREAMING) {
      // the default in-memory checkpoint storage refuses checkpoints over 5 MB, and the job then
      // restarts forever: keep them on disk, inside the run's staging directory
      conf.setString("execution.checkpointing.storage", "filesystem");
      conf.setString("execution.checkpointing.dir", checkpoints.toUri().toString());
    }
    conf.setString("heartbeat.timeout", "300000");
    conf.setString("pekko.ask.timeout", "300s");
    if (o.stateBackend() != null) {
      conf.setString("state.backend.type", o.stateBackend());
      if (o.mode() == RuntimeExecutionMode.BATCH) {
        // BATCH mode otherwise keeps keyed state in its own backend and ignores the named one
        conf.setString("execution.batch-state-backend.enabled", "false");
      }
    }
    // Flink 2.3's adaptive batch parallelism routed keys to subtasks that do not own their key
    // group here, and the stock index files are per key group: keep parallelism as configured
    conf.setString("execution.batch.adaptive.auto-parallelism.enabled", "false");
    if (o.embedded()) {
      // room to sort the keyed inputs of a BATCH run in memory (managed memory is off-heap); pipelined
      // exchanges (-Dtracelot.shuffle=ALL_EXCHANGES_PIPELINED) hung the sorted keyed inputs here
      conf.setString("execution.batch-shuffle-mode", System.getProperty("tracelot.shuffle", "ALL_EXCHANGES_BLOCKING"));
      conf.setString("taskmanager.memory.managed.size", System.getProperty("tracelot.managed", "1g"));
      // shuffles stay on this machine: compressing them only burns the CPU the job needs
      conf.setString("taskmanager.network.compression.codec", "NONE");
      conf.setString("taskmanager.network.blocking-shuffle.compression.enabled", "false");
    }
    StreamExecutionEnvironment env = o.embedded()
        ? StreamExecutionEnvironment.createLocalEnvironment(o.parallelism(), conf)
        : StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(o.parallelism());
    env.setMaxParallelism(keyGroups);
    env.setRuntimeMode(o.mode());
    env.getConfig().enableObjectReuse(); // every record type is immutable, so chained operators may share them
    if (o.mode() == RuntimeExecutionMode.STREAMING) {
      env.enableCheckpointing(o.recovery().checkpointInterval().toMillis());
    }
    return env;
  }

  private static Manifest.TableInfo tableInfo(Path snapshot, String table) throws IOException {
    Path dir = snapshot.resolve(table);
    List<String> files = new ArrayList<>();
    long rows = 0;
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList()) {
          files.add(table + "/" + f.getFileName());
          try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(f))) {
            rows += r.getRecordCount();
          }
        }
      }
    }
    return new Manifest.TableInfo(rows, files);
  }
}
