package io.tracelot.jobs.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelot.allocator.AllocationResult;
import io.tracelot.allocator.ReferenceAllocation;
import io.tracelot.allocator.index.OnHeapStockIndex;
import io.tracelot.allocator.input.InputDirectory;
import io.tracelot.allocator.input.InputException;
import io.tracelot.allocator.input.InputFile;
import io.tracelot.allocator.input.InputRow;
import io.tracelot.allocator.input.RowReader;
import io.tracelot.allocator.model.InputSource;
import io.tracelot.allocator.model.RowOrder;
import io.tracelot.datasets.DatasetGenerator;
import io.tracelot.datasets.GeneratorConfig;
import io.tracelot.datasets.OutputFormat;
import io.tracelot.datasets.ProgressListener;
import io.tracelot.snapshot.Manifest;
import io.tracelot.snapshot.SnapshotTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The allocation job on embedded Flink MiniClusters against the committed sample: the snapshot
 * equals the single-threaded reference row for row, at any parallelism, BATCH or STREAMING, and
 * every table is plain Parquet that DuckDB reads with the manifest's counts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AllocationJobIT {
  static final Path SAMPLE = Path.of(System.getProperty("tracelot.root", "..")).resolve("datasets/sample");

  @TempDir static Path dir;
  private AllocationResult reference;
  private Path p2Batch;

  @BeforeAll
  void runReferenceAndTheJobOnce() throws Exception {
    reference = reference(SAMPLE);
    p2Batch = dir.resolve("p2-batch");
    AllocationRun.run(AllocationRun.Options.of(SAMPLE, p2Batch).withParallelism(2), null);
  }

  static AllocationResult reference(Path input) {
    InputDirectory in = InputDirectory.open(input);
    return ReferenceAllocation.run(rows(in, InputSource.SKUS), rows(in, InputSource.MOVEMENTS), rows(in, InputSource.ORDERS), new OnHeapStockIndex());
  }

  private static List<InputRow> rows(InputDirectory in, InputSource table) {
    List<InputRow> rows = new ArrayList<>();
    for (InputFile f : in.files(table)) {
      try (RowReader r = f.open()) {
        r.forEachRemaining(rows::add);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return rows;
  }

  static <T> List<T> table(Path snapshot, SnapshotTable<T> table, Comparator<? super T> order) throws IOException {
    List<T> rows = new ArrayList<>();
    Path tableDir = snapshot.resolve(table.name());
    if (!Files.isDirectory(tableDir)) {
      return rows; // a table no row went to has no files (a run without rejects)
    }
    try (Stream<Path> files = Files.list(tableDir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".parquet")).sorted().toList()) {
        try (var it = table.read(f)) {
          it.forEachRemaining(rows::add);
        }
      }
    }
    rows.sort(order);
    return rows;
  }

  /** Every table of a snapshot, canonically sorted, as an AllocationResult. */
  static AllocationResult snapshotTables(Path snapshot) throws IOException {
    return new AllocationResult(
        table(snapshot, SnapshotTable.ALLOCATIONS, RowOrder.ALLOCATIONS),
        table(snapshot, SnapshotTable.BACKORDERS, RowOrder.BACKORDERS),
        table(snapshot, SnapshotTable.STOCK, RowOrder.STOCK),
        table(snapshot, SnapshotTable.GENEALOGY, RowOrder.GENEALOGY),
        table(snapshot, SnapshotTable.MOVEMENTS, RowOrder.MOVEMENTS),
        table(snapshot, SnapshotTable.REJECTS, RowOrder.REJECTS));
  }

  @Test
  void parallelism2Batch_equalsTheSingleThreadedReference_rowForRow() throws IOException {
    AllocationResult job = snapshotTables(p2Batch);
    assertThat(reference.allocations()).isNotEmpty();
    assertThat(reference.genealogy()).isNotEmpty();
    assertThat(job.allocations()).containsExactlyElementsOf(reference.allocations());
    assertThat(job.backorders()).containsExactlyElementsOf(reference.backorders());
    assertThat(job.stock()).containsExactlyElementsOf(reference.stock());
    assertThat(job.genealogy()).containsExactlyElementsOf(reference.genealogy());
    assertThat(job.movements()).containsExactlyElementsOf(reference.movements());
    assertThat(job.rejects()).containsExactlyElementsOf(reference.rejects());
  }

  @Test
  void duckDb_readsEveryTable_withTheManifestsCounts() throws Exception {
    Manifest manifest = Manifest.read(p2Batch);
    assertThat(manifest.invariants()).containsEntry("conservation_per_lot", "ok").containsEntry("serial_in_one_place", "ok")
        .containsEntry("no_allocation_from_held_or_short_dated_lot", "ok (" + reference.allocations().size() + " allocations audited)");
    assertThat(manifest.tables().keySet()).containsExactlyInAnyOrder("allocations", "backorders", "stock", "genealogy", "movements", "rejects", "skus");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      for (var e : manifest.tables().entrySet()) {
        String glob = p2Batch.resolve(e.getKey()) + "/*.parquet";
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet('" + glob + "')")) {
          rs.next();
          assertThat(rs.getLong(1)).as(e.getKey()).isEqualTo(e.getValue().rows());
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT sum(qty) FROM read_parquet('" + p2Batch.resolve("allocations") + "/*.parquet')")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(reference.allocations().stream().mapToLong(a -> a.qty()).sum());
      }
    }
  }

  @Test
  void manifest_inputRows_readEqualsAppliedPlusRejected_perTableAndFile() throws Exception {
    InputDirectory in = InputDirectory.open(SAMPLE);
    Map<String, Manifest.InputRows> rows = Manifest.read(p2Batch).inputRows();
    assertThat(rows.keySet()).containsExactly("skus", "movements", "orders");
    for (InputSource t : InputSource.values()) {
      Manifest.InputRows r = rows.get(t.tableName());
      long rejected = reference.rejects().stream().filter(x -> x.source() == t).count();
      assertThat(r.read()).as(t.tableName()).isEqualTo(rows(in, t).size()).isPositive();
      assertThat(r.rejected()).as(t.tableName()).isEqualTo(rejected);
      assertThat(r.balanced()).as(t.tableName()).isTrue();
      assertThat(r.files().keySet()).containsExactlyElementsOf(in.files(t).stream().map(InputFile::name).toList());
    }
    assertThat(rows.get("movements").applied()).isEqualTo(reference.movements().size());
    assertThat(rows.get("orders").applied()).isEqualTo(reference.allocations().stream().map(a -> a.orderId() + ":" + a.line())
        .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new)).stream().count()
        + reference.backorders().stream().filter(b -> b.qtyOpen() == b.qtyOrdered()).count());
    assertThat(rows.get("movements").rejected()).isPositive();
  }

  @Test
  void rowsLostOrCountedTwice_failTheAccountingBeforePublishing() throws Exception {
    Manifest manifest = Manifest.read(p2Batch);
    Path source = io.tracelot.snapshot.SnapshotDir.resolve(p2Batch);
    Path doctored = dir.resolve("doctored-rows");
    for (String t : List.of("movements", "allocations", "backorders", "rejects")) {
      Files.createDirectories(doctored.resolve(t));
      try (Stream<Path> files = Files.list(source.resolve(t))) {
        for (Path f : files.toList()) {
          Files.copy(f, doctored.resolve(t).resolve(f.getFileName()));
        }
      }
    }
    var scans = AllocationRun.scanInputs(InputDirectory.open(SAMPLE));
    long skus = manifest.inputRows().get("skus").applied();
    InputAccounting.Result intact = InputAccounting.count(doctored, manifest.runId(), scans, skus, null);
    assertThat(intact.rows()).isEqualTo(manifest.inputRows());
    assertThat(intact.rejectsByReason().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(manifest.tables().get("rejects").rows());

    // a movement written twice
    var twice = table(p2Batch, SnapshotTable.MOVEMENTS, RowOrder.MOVEMENTS).get(0);
    SnapshotTable.MOVEMENTS.write(doctored.resolve("movements/part-" + manifest.runId() + "-again.parquet"), List.of(twice));
    assertThatThrownBy(() -> InputAccounting.check(InputAccounting.count(doctored, manifest.runId(), scans, skus, null).rows()))
        .hasMessageContaining("nothing was published").hasMessageContaining("movements: read");
    // an earlier run's file (another run id) does not count
    Files.move(doctored.resolve("movements/part-" + manifest.runId() + "-again.parquet"), doctored.resolve("movements/part-earlier-run.parquet"));
    InputAccounting.check(InputAccounting.count(doctored, manifest.runId(), scans, skus, null).rows());

    // rejects lost
    try (Stream<Path> files = Files.list(doctored.resolve("rejects"))) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    assertThatThrownBy(() -> InputAccounting.check(InputAccounting.count(doctored, manifest.runId(), scans, skus, null).rows()))
        .hasMessageContaining("movements: read").hasMessageContaining("orders: read");
  }

  @Test
  void parallelism1And4_batchAndStreaming_giveIdenticalSnapshots() throws Exception {
    AllocationResult expected = snapshotTables(p2Batch);
    for (var run : List.of(
        AllocationRun.Options.of(SAMPLE, dir.resolve("p1-batch")).withParallelism(1),
        AllocationRun.Options.of(SAMPLE, dir.resolve("p4-streaming")).withParallelism(4).withMode(RuntimeExecutionMode.STREAMING))) {
      AllocationRun.run(run, null);
      assertThat(snapshotTables(run.snapshot())).as(run.toString()).isEqualTo(expected);
    }
  }

  @Test
  void flinkKeyedStatePeer_batchBothBackendsAndStreaming_giveTheSameSnapshot() throws Exception {
    AllocationResult expected = snapshotTables(p2Batch);
    for (var run : List.of(
        AllocationRun.Options.of(SAMPLE, dir.resolve("peer-batch")).withStockIndex(StockIndexKind.FLINK_STATE, null),
        // a named backend in BATCH mode replaces Flink's batch backend: every key's state until the end
        AllocationRun.Options.of(SAMPLE, dir.resolve("peer-batch-hashmap")).withStockIndex(StockIndexKind.FLINK_STATE, "hashmap"),
        AllocationRun.Options.of(SAMPLE, dir.resolve("peer-streaming")).withMode(RuntimeExecutionMode.STREAMING).withStockIndex(StockIndexKind.FLINK_STATE, "hashmap"))) {
      AllocationRun.run(run, null);
      assertThat(snapshotTables(run.snapshot())).as(run.toString()).isEqualTo(expected);
    }
  }

  @Test
  void chainedRuns_AThenBFromA_equalOneRunOverAThenB() throws Exception {
    String cutoff = "2026-11-15T00:00:00Z";
    Path a = splitByTs(SAMPLE, dir.resolve("input-a"), cutoff, true);
    Path b = splitByTs(SAMPLE, dir.resolve("input-b"), cutoff, false);
    Path snapshot = dir.resolve("nightly");
    AllocationRun.run(AllocationRun.Options.of(a, snapshot), null);
    AllocationRun.run(AllocationRun.Options.of(b, snapshot).from(snapshot).withParallelism(3), null);

    InputDirectory inA = InputDirectory.open(a);
    InputDirectory inB = InputDirectory.open(b);
    AllocationResult oneRun = ReferenceAllocation.run(concat(rows(inA, InputSource.SKUS), rows(inB, InputSource.SKUS)),
        concat(rows(inA, InputSource.MOVEMENTS), rows(inB, InputSource.MOVEMENTS)),
        concat(rows(inA, InputSource.ORDERS), rows(inB, InputSource.ORDERS)), new OnHeapStockIndex());
    AllocationResult chained = snapshotTables(snapshot);
    assertThat(rows(inB, InputSource.MOVEMENTS)).hasSizeGreaterThan(100);
    assertThat(chained.allocations()).containsExactlyElementsOf(oneRun.allocations());
    assertThat(chained.backorders()).containsExactlyElementsOf(oneRun.backorders());
    assertThat(chained.stock()).containsExactlyElementsOf(oneRun.stock());
    assertThat(chained.genealogy()).containsExactlyElementsOf(oneRun.genealogy());
    assertThat(chained.movements()).containsExactlyElementsOf(oneRun.movements());
    // a duplicate of an earlier run's id says so instead of naming the file and line it cannot see
    assertThat(chained.rejects()).extracting(r -> List.of(r.source(), r.file(), r.lineNo(), String.valueOf(r.recordId()), r.reason(), r.raw()))
        .containsExactlyElementsOf(oneRun.rejects().stream().map(r -> List.of(r.source(), r.file(), r.lineNo(), String.valueOf(r.recordId()), r.reason(), r.raw())).toList());
    assertThat(Manifest.read(snapshot).fromRunId()).isNotNull();
    // the second run accounts for its own input only, although its tables carry the first run's rows
    Map<String, Manifest.InputRows> counted = Manifest.read(snapshot).inputRows();
    assertThat(counted.get("movements").read()).isEqualTo(rows(inB, InputSource.MOVEMENTS).size());
    assertThat(counted.get("orders").read()).isEqualTo(rows(inB, InputSource.ORDERS).size());
    assertThat(counted.values()).allMatch(Manifest.InputRows::balanced);
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** Copies an input directory keeping only rows with ts before (or from) the cutoff; skus whole. */
  static Path splitByTs(Path input, Path out, String cutoff, boolean before) throws IOException {
    Files.createDirectories(out);
    Files.copy(input.resolve("skus.csv"), out.resolve("skus.csv"));
    java.time.Instant cut = java.time.Instant.parse(cutoff);
    for (String table : List.of("movements.csv", "orders.csv")) {
      List<String> lines = Files.readAllLines(input.resolve(table));
      List<String> kept = new ArrayList<>(List.of(lines.get(0)));
      int tsColumn = List.of(lines.get(0).split(",")).indexOf("ts");
      for (String line : lines.subList(1, lines.size())) {
        String[] cells = line.split(",", -1);
        boolean early;
        try {
          early = java.time.Instant.parse(cells[tsColumn]).isBefore(cut);
        } catch (RuntimeException e) {
          early = true; // rows without a readable ts go with the first run
        }
        if (early == before) {
          kept.add(line);
        }
      }
      Files.write(out.resolve(table), kept);
    }
    return out;
  }

  @Test
  void jsonLinesInput_givesTheSameSnapshotAsCsv() throws Exception {
    Path csv = dir.resolve("gen-csv");
    Path jsonl = dir.resolve("gen-jsonl");
    var config = GeneratorConfig.builder().units(30_000).seed(7).days(20).badRowFraction(0.01);
    DatasetGenerator.generate(config.build(), csv, ProgressListener.none());
    DatasetGenerator.generate(config.format(OutputFormat.JSONL).build(), jsonl, ProgressListener.none());
    AllocationRun.run(AllocationRun.Options.of(csv, dir.resolve("snap-csv")), null);
    AllocationRun.run(AllocationRun.Options.of(jsonl, dir.resolve("snap-jsonl")), null);
    AllocationResult fromCsv = snapshotTables(dir.resolve("snap-csv"));
    AllocationResult fromJsonl = snapshotTables(dir.resolve("snap-jsonl"));
    assertThat(fromJsonl.allocations()).isNotEmpty().containsExactlyElementsOf(fromCsv.allocations());
    assertThat(fromJsonl.stock()).containsExactlyElementsOf(fromCsv.stock());
    assertThat(fromJsonl.backorders()).containsExactlyElementsOf(fromCsv.backorders());
    assertThat(fromJsonl.movements()).containsExactlyElementsOf(fromCsv.movements());
    assertThat(fromJsonl.genealogy()).containsExactlyElementsOf(fromCsv.genealogy());
    // the same rows are refused for the same reasons; file names and raw text differ by format
    assertThat(fromJsonl.rejects()).extracting(r -> r.source() + " " + r.recordId() + " " + r.reason())
        .containsExactlyInAnyOrderElementsOf(fromCsv.rejects().stream().map(r -> r.source() + " " + r.recordId() + " " + r.reason()).toList());
  }

  @Test
  void brokenInvariant_isCaughtBeforePublishing_namingTheLot() throws Exception {
    Path doctored = dir.resolve("doctored");
    Path source = io.tracelot.snapshot.SnapshotDir.resolve(p2Batch);
    for (String t : List.of("movements", "allocations", "stock")) {
      Files.createDirectories(doctored.resolve(t));
      try (Stream<Path> files = Files.list(source.resolve(t))) {
        for (Path f : files.toList()) {
          Files.copy(f, doctored.resolve(t).resolve(f.getFileName()));
        }
      }
    }
    assertThat(AllocationRun.checkInvariants(doctored)).containsEntry("conservation_per_lot", "ok");
    var phantom = new io.tracelot.allocator.model.StockPosition("PHANTOM-SKU", "W1", "L1", null, 5, io.tracelot.allocator.model.Times.NO_DATE, 0, false);
    SnapshotTable.STOCK.write(doctored.resolve("stock/part-phantom.parquet"), List.of(phantom));
    assertThatThrownBy(() -> AllocationRun.checkInvariants(doctored))
        .hasMessageContaining("nothing was published").hasMessageContaining("PHANTOM-SKU/L1");
  }

  @Test
  void missingInputDirectory_failsClearly_andWritesNothing() throws Exception {
    Path snapshot = dir.resolve("never");
    assertThatThrownBy(() -> AllocationRun.run(AllocationRun.Options.of(dir.resolve("no-such-input"), snapshot), null))
        .isInstanceOf(InputException.class).hasMessageContaining("no-such-input");
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("never"));
    }
  }

  @Test
  void fileWithoutHeader_failsClearly_andLeavesThePreviousSnapshotUntouched() throws Exception {
    Path input = dir.resolve("headerless");
    Files.createDirectories(input);
    for (String t : List.of("skus.csv", "movements.csv", "orders.csv")) {
      Files.copy(SAMPLE.resolve(t), input.resolve(t));
    }
    Files.writeString(input.resolve("orders.csv"), "");
    Manifest before = Manifest.read(p2Batch);
    assertThatThrownBy(() -> AllocationRun.run(AllocationRun.Options.of(input, p2Batch), null))
        .isInstanceOf(InputException.class).hasMessageContaining("orders.csv");
    assertThat(Manifest.read(p2Batch).runId()).isEqualTo(before.runId());
    assertThat(snapshotTables(p2Batch).allocations()).containsExactlyElementsOf(reference.allocations());
  }
}
