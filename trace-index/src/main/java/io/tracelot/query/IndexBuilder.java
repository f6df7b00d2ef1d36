package io.tracelot.query;

import static io.tracelot.query.IndexLayout.ALLOC_BY_CUSTOMER;
import static io.tracelot.query.IndexLayout.ALLOC_BY_LOT;
import static io.tracelot.query.IndexLayout.ALLOC_BY_ORDER;
import static io.tracelot.query.IndexLayout.ALLOC_BY_SERIAL;
import static io.tracelot.query.IndexLayout.GEN_DOWN;
import static io.tracelot.query.IndexLayout.GEN_UP;
import static io.tracelot.query.IndexLayout.LOT_DIR;
import static io.tracelot.query.IndexLayout.MOV_BY_LOT;
import static io.tracelot.query.IndexLayout.MOV_BY_SERIAL;
import static io.tracelot.query.IndexLayout.SKU_DIR;
import static io.tracelot.query.IndexLayout.STOCK_BY_LOT;
import static io.tracelot.query.IndexLayout.STOCK_BY_SERIAL;

import io.tracelot.allocator.model.Allocation;
import io.tracelot.allocator.model.GenealogyEdge;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.MovementType;
import io.tracelot.allocator.model.Sku;
import io.tracelot.allocator.model.StockPosition;
import io.tracelot.allocator.model.Times;
import io.tracelot.arrow.ArrowMemory;
import io.tracelot.arrow.ArrowRowWriter;
import io.tracelot.snapshot.Manifest;
import io.tracelot.snapshot.SnapshotReader;
import io.tracelot.snapshot.SnapshotTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Builds {@code <snapshot>/index/} from the snapshot's Parquet tables with bounded memory: each
 * table is read once, its rows go to one external sorter per index file (at most
 * {@code runRows} rows each on the heap, the rest in sorted Arrow runs on disk), the sorters are
 * merged into the final files. The index is built in a hidden directory and then renamed into
 * place, header last, so a reader sees the old index or the new one.
 */
final class IndexBuilder {
  private final Path dir;
  private final TraceIndex.BuildOptions options;
  private final IndexProgress progress;
  private final long started = System.nanoTime();
  private long done;
  private long total = -1;
  private String phase = "";
  private long lastReport;

  IndexBuilder(Path dir, TraceIndex.BuildOptions options, IndexProgress progress) {
    this.dir = dir;
    this.options = options;
    this.progress = progress;
  }

  /** Builds the index; returns the published index directory. */
  Path build() throws IOException {
    SnapshotReader snapshot = SnapshotReader.open(dir);
    Manifest manifest = snapshot.manifest();
    Path version = snapshot.dir();
    long inputRows = 0;
    for (SnapshotTable<?> t : List.of(SnapshotTable.ALLOCATIONS, SnapshotTable.MOVEMENTS, SnapshotTable.STOCK,
        SnapshotTable.GENEALOGY, SnapshotTable.SKUS)) {
      Manifest.TableInfo info = manifest.tables().get(t.name());
      inputRows += info == null ? 0 : info.rows();
    }
    // read once, written about twice (alloc 4x, others 2x): a fair estimate for the ETA
    total = inputRows * 3;
    Path tmp = version.resolve(".index.tmp-" + UUID.randomUUID().toString().substring(0, 8));
    Files.createDirectory(tmp);
    Path runs = tmp.resolve("_runs");
    Files.createDirectory(runs);
    Map<IndexLayout.FileSpec, IndexHeader.FileInfo> written = new LinkedHashMap<>();
    try (ArrowMemory memory = new ArrowMemory()) {
      Map<IndexLayout.FileSpec, ExternalSorter> sorters = new LinkedHashMap<>();
      for (IndexLayout.FileSpec spec : IndexLayout.FILES) {
        sorters.put(spec, new ExternalSorter(spec.name(), spec.schema(), Keys.onColumns(spec.keyColumns()),
            options.runRows(), runs, memory));
      }
      ExternalSorter lotFacts = new ExternalSorter("lot_facts", IndexLayout.LOTS,
          Keys.onColumns(LOT_DIR.keyColumns()), options.runRows(), runs, memory);
      try {
        read(snapshot, SnapshotTable.ALLOCATIONS, a -> {
          Object[] row = alloc(a);
          add(sorters.get(ALLOC_BY_LOT), row);
          add(sorters.get(ALLOC_BY_ORDER), row);
          add(sorters.get(ALLOC_BY_CUSTOMER), row);
          if (a.serial() != null) {
            add(sorters.get(ALLOC_BY_SERIAL), row);
          }
          add(lotFacts, new Object[] {row[5], a.sku(), row[8], false});
        });
        read(snapshot, SnapshotTable.MOVEMENTS, m -> {
          Object[] row = movement(m);
          if (m.type() == MovementType.RECEIPT || m.type() == MovementType.RETURN) {
            add(sorters.get(MOV_BY_LOT), row);
          }
          if (m.serial() != null) {
            add(sorters.get(MOV_BY_SERIAL), row);
          }
          add(lotFacts, new Object[] {row[4], m.sku(), row[10], false});
        });
        read(snapshot, SnapshotTable.STOCK, s -> {
          Object[] row = stock(s);
          add(sorters.get(STOCK_BY_LOT), row);
          if (s.serial() != null) {
            add(sorters.get(STOCK_BY_SERIAL), row);
          }
          add(lotFacts, new Object[] {row[2], s.sku(), row[5], s.held()});
        });
        read(snapshot, SnapshotTable.GENEALOGY, g -> {
          Object[] row = {g.parentSku(), lotKey(g.parentLot()), g.childSku(), lotKey(g.childLot()), g.ref()};
          add(sorters.get(GEN_DOWN), row);
          add(sorters.get(GEN_UP), row);
          add(lotFacts, new Object[] {row[1], g.parentSku(), null, false});
          add(lotFacts, new Object[] {row[3], g.childSku(), null, false});
        });
        read(snapshot, SnapshotTable.SKUS, (Sku s) ->
            add(sorters.get(SKU_DIR), new Object[] {s.sku(), s.description(), s.unit()}));

        for (var e : sorters.entrySet()) {
          IndexLayout.FileSpec spec = e.getKey();
          if (spec == LOT_DIR) {
            written.put(spec, writeLots(tmp, lotFacts, memory));
          } else {
            written.put(spec, write(tmp, spec, e.getValue(), memory));
          }
        }
      } finally {
        for (ExternalSorter s : sorters.values()) {
          s.close();
        }
        lotFacts.close();
      }
    } catch (IOException | RuntimeException e) {
      deleteTree(tmp);
      throw e;
    }
    Files.delete(runs);
    Map<String, IndexHeader.FileInfo> files = new LinkedHashMap<>();
    written.forEach((spec, info) -> files.put(spec.name(), info));
    new IndexHeader(IndexLayout.FORMAT, IndexLayout.VERSION, manifest.runId(), Instant.now().toString(), files)
        .write(tmp.resolve(IndexLayout.HEADER));
    report("done", true);
    return publish(version, tmp);
  }

  private static Path publish(Path version, Path tmp) throws IOException {
    Path target = version.resolve(IndexLayout.DIR);
    Path old = null;
    if (Files.exists(target)) {
      old = version.resolve(".index.old-" + UUID.randomUUID().toString().substring(0, 8));
      Files.move(target, old, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    if (old != null) {
      deleteTree(old);
    }
    return target;
  }

  private <T> void read(SnapshotReader snapshot, SnapshotTable<T> table, IoConsumer<T> each) throws IOException {
    phase = "read " + table.name();
    report(phase, true);
    try (Stream<T> rows = snapshot.stream(table)) {
      Iterator<T> it = rows.iterator();
      while (it.hasNext()) {
        each.accept(it.next());
        tick();
      }
    }
  }

  private IndexHeader.FileInfo write(Path tmp, IndexLayout.FileSpec spec, ExternalSorter sorter, ArrowMemory memory)
      throws IOException {
    phase = "write " + spec.name();
    report(phase, true);
    Path file = tmp.resolve(spec.fileName());
    try (ArrowRowWriter w = ArrowRowWriter.file(file, spec.schema(), metadata(spec), options.batchRows(), memory)) {
      sorter.drain(row -> {
        w.write(row);
        tick();
      });
      w.close();
      return new IndexHeader.FileInfo(w.rows(), Files.size(file));
    }
  }

  /** The lot directory: one row per (lot, sku), the earliest expiry seen, held if any stock of it is. */
  private IndexHeader.FileInfo writeLots(Path tmp, ExternalSorter facts, ArrowMemory memory) throws IOException {
    phase = "write " + LOT_DIR.name();
    report(phase, true);
    Path file = tmp.resolve(LOT_DIR.fileName());
    Comparator<Object[]> key = Keys.onColumns(LOT_DIR.keyColumns());
    try (ArrowRowWriter w = ArrowRowWriter.file(file, LOT_DIR.schema(), metadata(LOT_DIR), options.batchRows(),
        memory)) {
      Object[][] current = {null};
      facts.drain(row -> {
        tick();
        Object[] c = current[0];
        if (c != null && key.compare(c, row) == 0) {
          if (row[2] != null && (c[2] == null || (Integer) row[2] < (Integer) c[2])) {
            c[2] = row[2];
          }
          c[3] = (Boolean) c[3] || (Boolean) row[3];
          return;
        }
        if (c != null) {
          w.write(c);
        }
        current[0] = row.clone();
      });
      if (current[0] != null) {
        w.write(current[0]);
      }
      w.close();
      return new IndexHeader.FileInfo(w.rows(), Files.size(file));
    }
  }

  private static Map<String, String> metadata(IndexLayout.FileSpec spec) {
    return Map.of(
        IndexLayout.META_FORMAT, IndexLayout.FORMAT,
        IndexLayout.META_VERSION, Integer.toString(IndexLayout.VERSION),
        IndexLayout.META_FILE, spec.name());
  }

  private void add(ExternalSorter sorter, Object[] row) throws IOException {
    sorter.add(row);
  }

  private void tick() {
    done++;
    if ((done & 0xFFFF) == 0) {
      report(phase, false);
    }
  }

  private void report(String what, boolean force) {
    long now = System.nanoTime();
    if (!force && now - lastReport < 500_000_000L) {
      return;
    }
    lastReport = now;
    double seconds = Math.max(1e-9, (now - started) / 1e9);
    progress.update(what, done, total, done / seconds);
  }

  static String lotKey(String lot) {
    return lot == null ? "" : lot;
  }

  private static Integer date(int epochDay) {
    return epochDay == Times.NO_DATE ? null : epochDay;
  }

  static Object[] alloc(Allocation a) {
    return new Object[] {a.orderId(), a.line(), a.customer(), a.sku(), a.warehouse(), lotKey(a.lot()), a.serial(),
        a.qty(), date(a.expiry()), a.allocTs()};
  }

  static Object[] movement(Movement m) {
    return new Object[] {m.eventId(), m.ts(), m.type().name(), m.sku(), lotKey(m.lot()), m.serial(), m.qty(),
        m.warehouse(), m.party(), m.ref(), date(m.expiry())};
  }

  static Object[] stock(StockPosition s) {
    return new Object[] {s.sku(), s.warehouse(), lotKey(s.lot()), s.serial(), s.qty(), date(s.expiry()), s.held()};
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @FunctionalInterface
  interface IoConsumer<T> {
    void accept(T t) throws IOException;
  }
}
