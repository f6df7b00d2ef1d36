package io.tracelot.jobs.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelot.allocator.AllocationOutput;
import io.tracelot.allocator.AllocationResult;
import io.tracelot.allocator.Allocator;
import io.tracelot.allocator.SkuBook;
import io.tracelot.allocator.index.OnHeapStockIndex;
import io.tracelot.allocator.index.StockIndex;
import io.tracelot.allocator.index.chronicle.ChronicleShards;
import io.tracelot.allocator.index.chronicle.ChronicleStockIndex;
import io.tracelot.allocator.model.Allocation;
import io.tracelot.allocator.model.Backorder;
import io.tracelot.allocator.model.InputEvent;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.MovementType;
import io.tracelot.allocator.model.Policy;
import io.tracelot.allocator.model.Reject;
import io.tracelot.allocator.model.RowOrder;
import io.tracelot.allocator.model.Sku;
import io.tracelot.allocator.model.StockPosition;
import io.tracelot.allocator.model.Times;
import io.tracelot.allocator.model.Tracking;
import io.tracelot.query.TraceIndex;
import io.tracelot.snapshot.Manifest;
import io.tracelot.snapshot.SnapshotDir;
import io.tracelot.snapshot.SnapshotFormatException;
import io.tracelot.trace.TraceAnswer;
import io.tracelot.trace.TraceQuery;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tracelot allocate} killed with SIGKILL at many points of a chained run over the same
 * snapshot path ({@code --snapshot S --from S}): after every kill the snapshot is still the
 * previous one, byte for byte (manifest, every table, the trace index, the stock index, which only
 * ever gets copied), and the next run publishes the right result. A Chronicle file that a killed
 * process left open is never used: the run's own working copy is thrown away with its staging
 * directory, and a snapshot whose stock index carries a crash marker is refused loudly.
 *
 * <p>Each run is a child JVM ({@code io.tracelot.jobs.cli.Tracelot} on this test's classpath and
 * the build's JVM flags) with its embedded MiniCluster. The kill points: seeded random delays over
 * an undisturbed run's duration, the moment the job has its stock index files open for writing,
 * the console's phase lines (checking invariants, building the trace index, publishing) and just
 * after publishing. {@code -Dtracelot.kill.seed=N} replays other random points.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HardKillIT {
  static final long SEED = Long.getLong("tracelot.kill.seed", 20261121L);
  static final String CUTOFF = "2026-11-15T00:00:00Z";
  static final long CHILD_TIMEOUT_S = 240;

  @TempDir static Path dir;
  private Path inputA;
  private Path inputB;
  /** The snapshot the chained runs replace in place. */
  private Path snapshot;
  /** What an undisturbed run of B from A publishes (another path, from the same A). */
  private Path expected;
  /** Milliseconds from the child's start to each phase line of the undisturbed run. */
  private Map<String, Long> phaseTimes;

  @BeforeAll
  void snapshotAAndAnUndisturbedRunOfB() throws Exception {
    inputA = AllocationJobIT.splitByTs(AllocationJobIT.SAMPLE, dir.resolve("input-a"), CUTOFF, true);
    inputB = AllocationJobIT.splitByTs(AllocationJobIT.SAMPLE, dir.resolve("input-b"), CUTOFF, false);
    snapshot = dir.resolve("nightly");
    expected = dir.resolve("expected");
    AllocationRun.run(AllocationRun.Options.of(inputA, snapshot), null);
    Child undisturbed = Child.allocate(inputB, expected, snapshot);
    assertThat(undisturbed.waitForExit()).as(undisturbed.transcript()).isZero();
    phaseTimes = undisturbed.phaseTimes();
    System.out.println("HardKillIT: undisturbed run of B " + undisturbed.elapsedMs() + " ms, phases " + phaseTimes);
  }

  @Test
  void sigkillAtAnyPoint_leavesThePreviousSnapshotWhole_andTheNextRunPublishesTheRightResult() throws Exception {
    long started = System.nanoTime();
    AllocationResult want = AllocationJobIT.snapshotTables(expected);
    assertThat(want.allocations()).isNotEmpty();
    Previous previous = Previous.of(snapshot);
    Random rnd = new Random(SEED);
    long publishAt = phaseTimes.getOrDefault("[publishing", 5_000L);

    List<KillPoint> points = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      long at = 300 + (long) (rnd.nextDouble() * Math.max(1, publishAt - 300));
      points.add(KillPoint.after("random " + at + " ms after start", c -> c.elapsedMs() >= at, 0));
    }
    points.add(KillPoint.after("stock index open for writing", Child::stockIndexOpenForWriting, 0));
    points.add(KillPoint.after("stock index open for writing", Child::stockIndexOpenForWriting, rnd.nextInt(300)));
    points.add(KillPoint.after("[checking invariants", c -> c.saw("[checking invariants"), rnd.nextInt(60)));
    points.add(KillPoint.after("[building the recall trace index", c -> c.saw("[building the recall trace index"), rnd.nextInt(60)));
    points.add(KillPoint.after("[publishing", c -> c.saw("[publishing"), 0));
    points.add(KillPoint.after("[publishing", c -> c.saw("[publishing"), 1 + rnd.nextInt(15)));
    points.add(KillPoint.after("published (summary printed)", c -> c.saw("snapshot ") && c.saw(" published in "), 0));

    List<String> report = new ArrayList<>();
    int midWrite = 0;
    for (KillPoint point : points) {
      if (!report.isEmpty()) {
        System.out.println("HardKillIT: " + report.get(report.size() - 1));
      }
      Child child = Child.allocate(inputB, snapshot, snapshot);
      String outcome = child.killWhen(point);
      boolean leftOpenChronicleFiles = !child.crashMarkersOfThisRun().isEmpty();
      midWrite += leftOpenChronicleFiles ? 1 : 0;
      long checking = System.nanoTime();
      String now = Manifest.read(snapshot).runId();
      if (now.equals(previous.runId)) {
        previous.assertUnchanged(snapshot, point + ": " + outcome);
        report.add(point + " -> " + outcome + ", previous snapshot intact" + (leftOpenChronicleFiles ? ", Chronicle files left open in staging" : "")
            + " (checked in " + (System.nanoTime() - checking) / 1_000_000 + " ms)");
      } else {
        // killed after the atomic switch: the new snapshot is whole and right; start over from A
        assertThat(AllocationJobIT.snapshotTables(snapshot)).as(point + ": " + outcome).isEqualTo(want);
        assertThat(Manifest.read(snapshot).fromRunId()).isEqualTo(previous.runId);
        try (TraceIndex index = TraceIndex.open(snapshot)) {
          assertThat(index.runId()).isEqualTo(now);
        }
        report.add(point + " -> " + outcome + ", new snapshot already published and whole");
        AllocationRun.run(AllocationRun.Options.of(inputA, snapshot), null);
        previous = Previous.of(snapshot);
      }
    }
    assertThat(midWrite).as("kills while the run had its stock index files open: %s", report).isPositive();

    Child last = Child.allocate(inputB, snapshot, snapshot);
    assertThat(last.waitForExit()).as(last.transcript()).isZero();
    assertThat(AllocationJobIT.snapshotTables(snapshot)).isEqualTo(want);
    Manifest m = Manifest.read(snapshot);
    assertThat(m.fromRunId()).isEqualTo(previous.runId);
    assertThat(m.invariants()).containsEntry("conservation_per_lot", "ok").containsEntry("serial_in_one_place", "ok")
        .containsEntry("no_allocation_from_held_or_short_dated_lot", "ok (" + want.allocations().size() + " allocations audited)");
    assertThat(stockState(SnapshotDir.resolve(snapshot))).isEqualTo(stockState(SnapshotDir.resolve(expected)));
    // what the killed runs left (staging, temporary links, unlinked versions) is gone
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".nightly.") && !n.equals(".nightly.lock")
          && !n.equals(".nightly.versions"))).isEmpty();
    }
    try (Stream<Path> versions = Files.list(dir.resolve(".nightly.versions"))) {
      assertThat(versions.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(m.runId(), previous.runId);
    }
    System.out.printf("HardKillIT seed %d, %.1f s:%n  %s%n", SEED, (System.nanoTime() - started) / 1e9, String.join("\n  ", report));
  }

  @Test
  void chronicleFileOfAWriterKilledMidWrite_isRecoveredOnOpen_andRefusedAsAPriorSnapshotsStockIndex() throws Exception {
    // a stand-in for a snapshot's stock index that some process opened for writing after publishing
    Path prior = dir.resolve("tampered");
    Path file = prior.resolve(StockState.DIR).resolve(ChronicleShards.fileName(0));
    StockState.create(prior, 1);
    Child writer = Child.start(List.of(ChronicleWriter.class.getName(), file.toString()));
    String outcome = writer.killWhen(KillPoint.after("rewriting the hot book", c -> c.saw("hot 20"), new Random(SEED).nextInt(40)));
    assertThat(outcome).startsWith("killed");
    assertThat(file.resolveSibling(file.getFileName() + ".open")).as("the crash marker").exists();

    // a run never starts from it: refused loudly, naming the file, before anything is copied
    Path staging = Files.createDirectories(dir.resolve("staging-of-a-refused-run"));
    assertThatThrownBy(() -> StockState.copy(prior, staging))
        .isInstanceOf(SnapshotFormatException.class).hasMessageContaining(file.toString()).hasMessageContaining("left open");
    assertThat(staging.resolve(StockState.DIR)).doesNotExist();

    // opened on its own it is recovered by Chronicle (structure), and every book written before the
    // writer went on to the hot one is there, as written. The hot book itself may be torn across
    // its pages (in a trial loop 5 of 12 kills left it failing to load as "corrupt sku book"):
    // that is why a run never starts from such a file.
    Map<String, List<StockPosition>> want = ChronicleWriter.coldBooks();
    try (ChronicleStockIndex index = ChronicleStockIndex.builder(file).open()) {
      for (Map.Entry<String, List<StockPosition>> e : want.entrySet()) {
        SkuBook book = index.load(e.getKey());
        assertThat(book).as(e.getKey()).isNotNull();
        assertThat(book.stockPositions()).as(e.getKey()).isEqualTo(e.getValue());
      }
    }
    assertThat(file.resolveSibling(file.getFileName() + ".open")).doesNotExist();
  }

  @Test
  void aRunFromASnapshotWhoseStockIndexWasLeftOpen_failsLoudly_andPublishesNothing() throws Exception {
    Path s = dir.resolve("left-open");
    AllocationRun.run(AllocationRun.Options.of(inputA, s), null);
    Path version = SnapshotDir.resolve(s);
    Path shard;
    try (Stream<Path> files = Files.list(version.resolve(StockState.DIR))) {
      shard = files.filter(f -> f.getFileName().toString().endsWith(".cm")).sorted().findFirst().orElseThrow();
    }
    Files.write(shard.resolveSibling(shard.getFileName() + ".open"), new byte[0]); // as a killed writer leaves it
    String before = Manifest.read(s).runId();
    assertThatThrownBy(() -> AllocationRun.run(AllocationRun.Options.of(inputB, s).from(s), null))
        .isInstanceOf(SnapshotFormatException.class).hasMessageContaining(shard.toString()).hasMessageContaining("left open");
    assertThat(Manifest.read(s).runId()).isEqualTo(before);
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".left-open.staging-"));
    }
  }

  /**
   * Stock and open backorders of every book in a snapshot's stock index, read from a copy (a
   * snapshot's own files are never opened for writing, and opening a Chronicle file writes to it).
   */
  static List<String> stockState(Path version) throws IOException {
    Path copy = Files.createTempDirectory(dir, "stock-copy");
    Path stockDir = StockState.copy(version, copy);
    int keyGroups = StockState.keyGroups(version);
    List<String> out = new ArrayList<>();
    try (ChronicleShards shards = new ChronicleShards(stockDir, 16, 64, keyGroups)) {
      List<StockPosition> stock = new ArrayList<>();
      List<Backorder> backorders = new ArrayList<>();
      shards.forEachBook(0, keyGroups - 1, book -> {
        stock.addAll(book.stockPositions());
        backorders.addAll(book.openBackorders());
      });
      stock.sort(RowOrder.STOCK);
      backorders.sort(RowOrder.BACKORDERS);
      stock.forEach(s -> out.add(s.toString()));
      backorders.forEach(b -> out.add(b.toString()));
    }
    deleteTree(copy);
    return out;
  }

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The published snapshot before a kill: every file's bytes, and what a reader gets from it. */
  static final class Previous {
    final String runId;
    final Path version;
    final Map<String, String> files;
    final AllocationResult tables;
    final List<TraceAnswer> answers;
    final List<String> stock;

    private Previous(Path snap) throws IOException {
      this.version = SnapshotDir.resolve(snap);
      this.runId = Manifest.read(snap).runId();
      this.files = fingerprint(version);
      this.tables = AllocationJobIT.snapshotTables(snap);
      this.answers = answers(snap, tables);
      this.stock = stockState(version);
      assertThat(stock).isNotEmpty();
    }

    static Previous of(Path snap) throws IOException {
      return new Previous(snap);
    }

    void assertUnchanged(Path snap, String when) throws IOException {
      assertThat(SnapshotDir.resolve(snap)).as(when).isEqualTo(version);
      assertThat(fingerprint(version)).as("every file of the previous snapshot, byte for byte, after %s", when).isEqualTo(files);
      assertThat(AllocationJobIT.snapshotTables(snap)).as(when).isEqualTo(tables);
      assertThat(answers(snap, tables)).as(when).isEqualTo(answers);
      assertThat(stockState(version)).as(when).isEqualTo(stock);
    }

    /** A forward trace of an allocated lot and a backward trace of its customer. */
    private static List<TraceAnswer> answers(Path snap, AllocationResult tables) throws IOException {
      Allocation a = tables.allocations().stream().filter(x -> x.lot() != null).findFirst().orElseThrow();
      try (TraceIndex index = TraceIndex.open(snap)) {
        return List.of(index.trace(new TraceQuery.ForwardLot(a.lot(), a.sku(), TraceQuery.UNLIMITED)),
            index.trace(new TraceQuery.Backward(TraceQuery.From.CUSTOMER, a.customer(), null, TraceQuery.UNLIMITED)));
      }
    }

    /** Relative path -> SHA-256 of every file and link in the version directory (new files count too). */
    private static Map<String, String> fingerprint(Path root) throws IOException {
      Map<String, String> out = new TreeMap<>();
      try (Stream<Path> all = Files.walk(root)) {
        for (Path p : all.toList()) {
          if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            out.put(root.relativize(p).toString(), sha256(p));
          } else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            out.put(root.relativize(p).toString(), "other");
          }
        }
      }
      return out;
    }

    private static String sha256(Path p) throws IOException {
      try (InputStream in = Files.newInputStream(p)) {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
          md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** When to kill: once {@code trigger} holds, wait {@code delayMs}, then SIGKILL. */
  record KillPoint(String name, Predicate<Child> trigger, long delayMs) {
    static KillPoint after(String name, Predicate<Child> trigger, long delayMs) {
      return new KillPoint(name, trigger, delayMs);
    }

    @Override
    public String toString() {
      return name + (delayMs > 0 ? " + " + delayMs + " ms" : "");
    }
  }

  /** A child JVM on this test's classpath; its console (stdout and stderr) read line by line. */
  static final class Child {
    private final Process process;
    private final long startNanos = System.nanoTime();
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Long> firstSeen = Collections.synchronizedMap(new TreeMap<>());
    private final Path stagingParent;
    private final String stagingPrefix;
    /** Staging directories of earlier, killed runs: not this run's. */
    private final List<Path> leftovers;
    private final Thread reader;

    private Child(List<String> mainAndArgs, Path snapshot) throws IOException {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-Xmx768m");
      // short-lived JVMs on a shared machine: C1 only and one GC thread start faster and take less CPU
      cmd.add("-XX:TieredStopAtLevel=1");
      cmd.add("-XX:+UseSerialGC");
      cmd.addAll(jvmFlags());
      cmd.add("-Dtracelot.managed=128m");
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.addAll(mainAndArgs);
      this.stagingParent = snapshot == null ? null : snapshot.getParent();
      this.stagingPrefix = snapshot == null ? null : "." + snapshot.getFileName() + ".staging-";
      this.leftovers = snapshot == null ? List.of() : stagingDirs(List.of());
      this.process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      this.reader = new Thread(this::readConsole, "child-console");
      reader.setDaemon(true);
      reader.start();
    }

    static Child start(List<String> mainAndArgs) throws IOException {
      return new Child(mainAndArgs, null);
    }

    static Child allocate(Path input, Path snapshot, Path from) throws IOException {
      return new Child(List.of("io.tracelot.jobs.cli.Tracelot", "allocate", "--input", input.toString(), "--snapshot", snapshot.toString(),
          "--from", from.toString(), "--parallelism", "2"), snapshot);
    }

    /** The build's Java 17 flags (the parent pom's tracelot.jvm.flags, filtered into the jobs jar). */
    static List<String> jvmFlags() throws IOException {
      try (InputStream in = HardKillIT.class.getResourceAsStream("/tracelot-jvm.flags")) {
        if (in == null) {
          throw new IllegalStateException("tracelot-jvm.flags is not on the classpath");
        }
        return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+"));
      }
    }

    private void readConsole() {
      try (Reader in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) >= 0; ) {
          if (c == '\n' || c == '\r') {
            if (line.length() > 0) {
              String l = line.toString();
              lines.add(l);
              if (l.startsWith("[")) {
                firstSeen.putIfAbsent(phaseKey(l), elapsedMs());
              }
              line.setLength(0);
            }
          } else {
            line.append((char) c);
          }
        }
      } catch (IOException e) {
        lines.add("(console closed: " + e + ")");
      }
    }

    private static String phaseKey(String line) {
      for (String phase : List.of("[checking invariants", "[building the recall trace index", "[publishing")) {
        if (line.startsWith(phase)) {
          return phase;
        }
      }
      int end = line.indexOf(']');
      return end < 0 ? line : line.substring(0, end);
    }

    long elapsedMs() {
      return (System.nanoTime() - startNanos) / 1_000_000;
    }

    boolean saw(String text) {
      synchronized (lines) {
        for (String l : lines) {
          if (l.contains(text)) {
            return true;
          }
        }
      }
      return false;
    }

    /** True while this run has a Chronicle file of its stock index open (its crash marker exists). */
    boolean stockIndexOpenForWriting() {
      return !crashMarkersOfThisRun().isEmpty();
    }

    /** Crash markers of Chronicle files in this run's staging directory (its index and the attempts' working copies). */
    List<Path> crashMarkersOfThisRun() {
      List<Path> markers = new ArrayList<>();
      for (Path staging : stagingDirs(leftovers)) {
        try (Stream<Path> files = Files.walk(staging.resolve(StockState.DIR).getParent(), 3)) {
          files.filter(f -> f.getFileName().toString().endsWith(".open")).forEach(markers::add);
        } catch (IOException | UncheckedIOException e) {
          // not there yet, or gone
        }
      }
      return markers;
    }

    private List<Path> stagingDirs(List<Path> except) {
      try (Stream<Path> entries = Files.list(stagingParent)) {
        return entries.filter(p -> p.getFileName().toString().startsWith(stagingPrefix) && !except.contains(p)).toList();
      } catch (IOException | UncheckedIOException e) {
        return List.of();
      }
    }

    Map<String, Long> phaseTimes() {
      return Map.copyOf(firstSeen);
    }

    int waitForExit() throws InterruptedException {
      if (!process.waitFor(CHILD_TIMEOUT_S, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("child did not finish in " + CHILD_TIMEOUT_S + " s:\n" + transcript());
      }
      reader.join(5_000);
      return process.exitValue();
    }

    /** Waits for the point, kills the JVM with SIGKILL and waits until it is gone; says what happened. */
    String killWhen(KillPoint point) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILD_TIMEOUT_S);
      while (!point.trigger().test(this)) {
        if (!process.isAlive()) {
          return finished(point);
        }
        if (System.nanoTime() > deadline) {
          process.destroyForcibly().waitFor();
          throw new AssertionError("kill point " + point + " never came:\n" + transcript());
        }
        Thread.sleep(2);
      }
      if (point.delayMs() > 0) {
        Thread.sleep(point.delayMs());
      }
      long at = elapsedMs();
      if (!process.isAlive()) {
        return finished(point);
      }
      process.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError("child survived SIGKILL");
      }
      reader.join(5_000);
      if (process.exitValue() == 0) {
        return "finished as it was killed (" + at + " ms)"; // it was exiting on its own
      }
      assertThat(process.exitValue()).as("exit status after SIGKILL:\n%s", transcript()).isEqualTo(137);
      return "killed at " + at + " ms";
    }

    private String finished(KillPoint point) throws InterruptedException {
      process.waitFor();
      reader.join(5_000);
      assertThat(process.exitValue()).as("child ended by itself before kill point %s:\n%s", point, transcript()).isZero();
      return "finished before the kill (" + elapsedMs() + " ms)";
    }

    String transcript() {
      synchronized (lines) {
        return String.join("\n", lines);
      }
    }
  }

  /**
   * A child process that writes a Chronicle stock index and is killed while writing it: first 200
   * cold books, each once, then one hot book rewritten forever, growing past one page. Prints
   * {@code cold N} and {@code hot N} after each write.
   */
  static final class ChronicleWriter {
    static final int COLD = 200;
    static final Sku HOT = Sku.of("HOT", Tracking.LOT, Policy.FEFO);

    public static void main(String[] args) {
      Path file = Path.of(args[0]);
      try (ChronicleStockIndex index = ChronicleStockIndex.builder(file).expectedSkus(COLD + 1).expectedLots(4 * COLD).open()) {
        Allocator allocator = new Allocator(index, DISCARD);
        for (int i = 0; i < COLD; i++) {
          allocator.apply(cold(i), coldEvents(i));
          System.out.println("cold " + i);
        }
        for (int k = 0; ; k++) {
          allocator.apply(HOT, List.of(receipt(HOT, "H" + String.format("%06d", k), k, "W1", 1 + k)));
          System.out.println("hot " + k);
        }
      }
    }

    static Sku cold(int i) {
      return Sku.of(String.format("COLD-%04d", i), Tracking.LOT, i % 2 == 0 ? Policy.FEFO : Policy.FIFO);
    }

    static List<InputEvent> coldEvents(int i) {
      List<InputEvent> events = new ArrayList<>();
      for (int l = 0; l < 3; l++) {
        events.add(receipt(cold(i), "L" + l, i * 10L + l, "W" + (l % 2), 1 + i + l));
      }
      return events;
    }

    static InputEvent receipt(Sku sku, String lot, long seq, String warehouse, long qty) {
      long ts = Times.startOf(java.time.LocalDate.parse("2026-11-01")) + seq * 1_000_000L;
      int expiry = (int) java.time.LocalDate.parse("2027-01-01").toEpochDay() + (int) (seq % 97);
      Movement m = new Movement(sku.sku() + "-" + lot, ts, MovementType.RECEIPT, sku.sku(), lot, null, qty, warehouse, null, expiry, "SUP", null);
      return new InputEvent(m, "movements.csv", seq + 2, null);
    }

    /** What the cold books hold once written, replayed on the heap. */
    static Map<String, List<StockPosition>> coldBooks() {
      Map<String, List<StockPosition>> out = new TreeMap<>();
      try (StockIndex index = new OnHeapStockIndex()) {
        Allocator allocator = new Allocator(index, DISCARD);
        for (int i = 0; i < COLD; i++) {
          allocator.apply(cold(i), coldEvents(i));
          out.put(cold(i).sku(), index.load(cold(i).sku()).stockPositions());
        }
      }
      return out;
    }

    static final AllocationOutput DISCARD = new AllocationOutput() {
      @Override
      public void allocated(Allocation a) {}

      @Override
      public void accepted(Movement m) {}

      @Override
      public void rejected(Reject r) {
        throw new IllegalStateException(r.toString());
      }
    };
  }
}
