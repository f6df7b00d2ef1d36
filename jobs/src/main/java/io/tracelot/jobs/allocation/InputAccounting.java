package io.tracelot.jobs.allocation;

import io.tracelot.allocator.input.InputFile;
import io.tracelot.allocator.model.Backorder;
import io.tracelot.allocator.model.InputSource;
import io.tracelot.allocator.model.RejectReason;
import io.tracelot.snapshot.Manifest;
import io.tracelot.snapshot.SnapshotReader;
import io.tracelot.snapshot.SnapshotTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * "Input rows = applied + rejected", per input table, from what the run actually committed.
 *
 * <ul>
 *   <li><b>read</b>: the rows of every input file, counted by the client reading the file again
 *       with the same readers (in the pass that also takes its checksum), independently of the job;
 *   <li><b>rejected</b>: this run's rows of the rejects table, by source and file;
 *   <li><b>applied</b>: skus the item master accepted (the client reads skus itself), this run's
 *       rows of the movement ledger, and this run's distinct order lines that have an allocation
 *       or an open backorder (less the earlier run's open lines, in a chained run).
 * </ul>
 *
 * <p>Counting from the committed tables rather than with Flink accumulators: the FileSink commits
 * each row exactly once, whatever attempts failed and restarted in between, so these counts are
 * exact on any cluster; accumulators restart from zero in a task restored from a checkpoint. "This
 * run's" files are those the sinks named {@code part-<runId>...}: a chained run's tables also hold
 * the earlier runs' files, under their own run ids.
 */
final class InputAccounting {
  /** The counts per input table (skus, movements, orders), and every reject of the snapshot by reason. */
  record Result(Map<String, Manifest.InputRows> rows, Map<RejectReason, Long> rejectsByReason) {}

  private InputAccounting() {}

  /**
   * @param scans every input file of the run with its rows as read
   * @param skusApplied item master rows the run accepted
   * @param prior the snapshot a chained run started from, or null
   */
  static Result count(Path staging, String runId, Map<InputFile, InputFile.Scan> scans, long skusApplied, SnapshotReader prior)
      throws IOException {
    String own = "part-" + runId;
    Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
    Map<String, Long> rejectedPerFile = new HashMap<>();
    Map<InputSource, Long> rejectedPerTable = new EnumMap<>(InputSource.class);
    // rejects_by_reason counts the whole table (a chained snapshot carries the earlier rejects)
    for (Path f : files(staging, SnapshotTable.REJECTS)) {
      boolean mine = f.getFileName().toString().startsWith(own);
      forEachRow(f, SnapshotTable.REJECTS, r -> {
        byReason.merge(r.reason(), 1L, Long::sum);
        if (mine) {
          rejectedPerFile.merge(r.source().tableName() + "\u0000" + r.file(), 1L, Long::sum);
          rejectedPerTable.merge(r.source(), 1L, Long::sum);
        }
      });
    }

    Map<InputSource, Long> applied = new EnumMap<>(InputSource.class);
    applied.put(InputSource.SKUS, skusApplied);
    applied.put(InputSource.MOVEMENTS, committedRows(staging, SnapshotTable.MOVEMENTS, own));
    applied.put(InputSource.ORDERS, orderLines(staging, own, prior));

    Map<InputSource, Map<String, Manifest.FileRows>> files = new EnumMap<>(InputSource.class);
    Map<InputSource, Long> read = new EnumMap<>(InputSource.class);
    for (Map.Entry<InputFile, InputFile.Scan> e : scans.entrySet()) {
      InputFile f = e.getKey();
      long rejected = rejectedPerFile.getOrDefault(f.table().tableName() + "\u0000" + f.name(), 0L);
      files.computeIfAbsent(f.table(), t -> new LinkedHashMap<>()).put(f.name(), new Manifest.FileRows(e.getValue().rows(), rejected));
      read.merge(f.table(), e.getValue().rows(), Long::sum);
    }
    Map<String, Manifest.InputRows> rows = new LinkedHashMap<>();
    for (InputSource t : InputSource.values()) {
      rows.put(t.tableName(), new Manifest.InputRows(read.getOrDefault(t, 0L), applied.get(t), rejectedPerTable.getOrDefault(t, 0L),
          files.getOrDefault(t, Map.of())));
    }
    return new Result(rows, byReason);
  }

  /**
   * Fails the run when a table's rows do not add up: a row was lost or counted twice somewhere
   * between the reader and the tables, or an input file changed while the run read it.
   *
   * @throws IllegalStateException naming each table that does not add up
   */
  static void check(Map<String, Manifest.InputRows> rows) {
    List<String> broken = new ArrayList<>();
    rows.forEach((table, r) -> {
      if (!r.balanced()) {
        broken.add(String.format(java.util.Locale.ROOT, "%s: read %,d but applied %,d + rejected %,d = %,d", table, r.read(), r.applied(),
            r.rejected(), r.applied() + r.rejected()));
      }
    });
    if (!broken.isEmpty()) {
      throw new IllegalStateException("input rows do not add up to applied + rejected, nothing was published: " + String.join("; ", broken)
          + " (was an input file changed during the run?)");
    }
  }

  /** Rows of this run's files of a table, from the Parquet footers. */
  private static long committedRows(Path staging, SnapshotTable<?> table, String own) throws IOException {
    long rows = 0;
    for (Path f : ownFiles(staging, table, own)) {
      try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(f))) {
        rows += r.getRecordCount();
      }
    }
    return rows;
  }

  /**
   * This run's order lines that were allocated or backordered: distinct (order_id, line) over this
   * run's allocation and backorder rows. A chained run's backorders also list the earlier runs'
   * lines still open, and its allocations may fill them; those lines are the earlier snapshot's
   * open backorders, and no line of this run can share their id (it would be a duplicate).
   */
  private static long orderLines(Path staging, String own, SnapshotReader prior) throws IOException {
    OrderLineSet lines = new OrderLineSet();
    for (Path f : ownFiles(staging, SnapshotTable.ALLOCATIONS, own)) {
      forEachRow(f, SnapshotTable.ALLOCATIONS, a -> lines.add(a.orderId(), a.line()));
    }
    for (Path f : ownFiles(staging, SnapshotTable.BACKORDERS, own)) {
      forEachRow(f, SnapshotTable.BACKORDERS, b -> lines.add(b.orderId(), b.line()));
    }
    long count = lines.size();
    if (prior != null) {
      OrderLineSet earlier = new OrderLineSet();
      for (Backorder b : prior.readAll(SnapshotTable.BACKORDERS)) {
        if (earlier.add(b.orderId(), b.line()) && lines.contains(b.orderId(), b.line())) {
          count--;
        }
      }
    }
    return count;
  }

  private static <T> void forEachRow(Path file, SnapshotTable<T> table, Consumer<T> action) throws IOException {
    try (var rows = table.read(file)) {
      rows.forEachRemaining(action);
    }
  }

  private static List<Path> ownFiles(Path staging, SnapshotTable<?> table, String own) throws IOException {
    return files(staging, table).stream().filter(f -> f.getFileName().toString().startsWith(own)).toList();
  }

  private static List<Path> files(Path staging, SnapshotTable<?> table) throws IOException {
    Path dir = staging.resolve(table.name());
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
  }
}
