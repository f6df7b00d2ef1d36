package io.tracelot.query;

import static io.tracelot.query.IndexLayout.ALLOC_BY_CUSTOMER;
import static io.tracelot.query.IndexLayout.ALLOC_BY_LOT;
import static io.tracelot.query.IndexLayout.ALLOC_BY_ORDER;
import static io.tracelot.query.IndexLayout.ALLOC_BY_SERIAL;
import static io.tracelot.query.IndexLayout.CUSTOMER_DIR;
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
import io.tracelot.arrow.RowSchema;
import io.tracelot.snapshot.Manifest;
import io.tracelot.snapshot.SnapshotReader;
import io.tracelot.snapshot.SnapshotTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * merged into the final files. Allocations are sorted once, by lot; while that file is written,
 * the row number of every allocation goes to the serial, order and customer reference sorters and
 * one fact per lot to the lot directory. Sorting runs beside reading, and independent files are
 * merged in parallel ({@code threads}). The index is built in a hidden directory and then renamed
 * into place, header last, so a reader sees the old index or the new one.
 */
final class IndexBuilder {
  private final Path dir;
  private final TraceIndex.BuildOptions options;
  private final IndexProgress progress;
  private final long started = System.nanoTime();
  private final java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
  private long total = -1;
  private volatile String phase = "";
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
    Manifest.TableInfo allocInfo = manifest.tables().get(SnapshotTable.ALLOCATIONS.name());
    // every row read once and written once; allocations also to up to three reference files
    total = inputRows * 2 + (allocInfo == null ? 0 : allocInfo.rows() * 3);
    Path tmp = version.resolve(".index.tmp-" + UUID.randomUUID().toString().substring(0, 8));
    Files.createDirectory(tmp);
    Path runs = tmp.resolve("_runs");
    Files.createDirectory(runs);
    Map<String, IndexHeader.FileInfo> written = new java.util.concurrent.ConcurrentHashMap<>();
    ExecutorService spills = pool("tracelot-index-sort", options.threads());
    ExecutorService writers = pool("tracelot-index-write", options.threads());
    try (ArrowMemory memory = new ArrowMemory()) {
      Map<IndexLayout.FileSpec, ExternalSorter> sorters = new LinkedHashMap<>();
      for (IndexLayout.FileSpec spec : IndexLayout.FILES) {
        if (spec == CUSTOMER_DIR) {
          continue; // written from the distinct customers, not sorted row by row
        }
        // allocations are sorted with their customer's name, numbered when written
        RowSchema schema = spec == ALLOC_BY_LOT ? ALLOC_NAMED : spec.schema();
        sorters.put(spec, new ExternalSorter(spec.name(), schema, RowOrder.of(schema, spec.keyColumns()),
            options.runRows(), runs, spills));
      }
      ExternalSorter lotFacts = sorters.get(LOT_DIR);
      try {
        ExternalSorter byLot = sorters.get(ALLOC_BY_LOT);
        java.util.Set<String> customerNames = new java.util.HashSet<>();
        Utf8 utf8 = new Utf8();
        read(snapshot, SnapshotTable.ALLOCATIONS, a -> {
          byLot.add(alloc(a, utf8));
          customerNames.add(a.customer());
        });
        Map<ByteBuffer, Integer> customerNumbers = writeCustomers(tmp, customerNames, memory, written);
        customerNames.clear();
        // looked up once: a FileSpec's hash is computed afresh on every call (its key list)
        ExternalSorter movByLot = sorters.get(MOV_BY_LOT);
        ExternalSorter movBySerial = sorters.get(MOV_BY_SERIAL);
        ExternalSorter stockByLot = sorters.get(STOCK_BY_LOT);
        ExternalSorter stockBySerial = sorters.get(STOCK_BY_SERIAL);
        ExternalSorter genDown = sorters.get(GEN_DOWN);
        ExternalSorter genUp = sorters.get(GEN_UP);
        ExternalSorter skuDir = sorters.get(SKU_DIR);
        LotFacts facts = new LotFacts(lotFacts);
        read(snapshot, SnapshotTable.MOVEMENTS, m -> {
          Object[] row = movement(m, utf8);
          if (m.type() == MovementType.RECEIPT || m.type() == MovementType.RETURN) {
            movByLot.add(row);
          }
          if (m.serial() != null) {
            movBySerial.add(row);
          }
          facts.add((byte[]) row[4], (byte[]) row[3], (Integer) row[10], false);
        });
        read(snapshot, SnapshotTable.STOCK, s -> {
          Object[] row = stock(s, utf8);
          stockByLot.add(row);
          if (s.serial() != null) {
            stockBySerial.add(row);
          }
          facts.add((byte[]) row[2], (byte[]) row[0], (Integer) row[5], s.held());
        });
        read(snapshot, SnapshotTable.GENEALOGY, g -> {
          Object[] row = {utf8.shared(g.parentSku()), utf8.shared(lotKey(g.parentLot())), utf8.shared(g.childSku()),
              utf8.shared(lotKey(g.childLot())), Utf8.bytes(g.ref())};
          genDown.add(row);
          genUp.add(row);
          facts.add((byte[]) row[1], (byte[]) row[0], null, false);
          facts.add((byte[]) row[3], (byte[]) row[2], null, false);
        });
        facts.flush();
        read(snapshot, SnapshotTable.SKUS, (Sku s) ->
            skuDir.add(new Object[] {Utf8.bytes(s.sku()), Utf8.bytes(s.description()), Utf8.bytes(s.unit())}));

        // the allocations by lot first (the longest, and it feeds the references and the lot facts),
        // the files that need nothing else beside it
        phase = "write sorted files";
        report(phase, true);
        List<Callable<Void>> first = new ArrayList<>();
        first.add(() -> {
          written.putAll(writeAllocations(tmp, byLot, sorters, customerNumbers, memory));
          return null;
        });
        for (IndexLayout.FileSpec spec : List.of(MOV_BY_LOT, MOV_BY_SERIAL, STOCK_BY_LOT, STOCK_BY_SERIAL, GEN_DOWN,
            GEN_UP, SKU_DIR)) {
          first.add(() -> {
            written.putAll(write(tmp, spec, sorters.get(spec), memory));
            return null;
          });
        }
        runAll(writers, first);
        phase = "write references and lots";
        report(phase, true);
        List<Callable<Void>> second = new ArrayList<>();
        second.add(() -> {
          written.putAll(writeLots(tmp, lotFacts, memory));
          return null;
        });
        for (IndexLayout.FileSpec spec : List.of(ALLOC_BY_SERIAL, ALLOC_BY_ORDER, ALLOC_BY_CUSTOMER)) {
          second.add(() -> {
            written.putAll(write(tmp, spec, sorters.get(spec), memory));
            return null;
          });
        }
        runAll(writers, second);
      } finally {
        for (ExternalSorter s : sorters.values()) {
          s.close();
        }
      }
    } catch (IOException | RuntimeException e) {
      io.tracelot.snapshot.FileTrees.delete(tmp);
      throw e;
    } finally {
      spills.shutdownNow();
      writers.shutdownNow();
    }
    Files.delete(runs);
    Map<String, IndexHeader.FileInfo> files = new LinkedHashMap<>();
    for (IndexLayout.FileSpec spec : IndexLayout.FILES) {
      files.put(spec.name(), written.get(spec.name()));
      files.put(spec.keysName(), written.get(spec.keysName()));
    }
    new IndexHeader(IndexLayout.FORMAT, IndexLayout.VERSION, manifest.runId(), Instant.now().toString(),
        options.batchRows(), files)
        .write(tmp.resolve(IndexLayout.HEADER));
    report("done", true);
    return publish(version, tmp);
  }

  private static ExecutorService pool(String name, int threads) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs the tasks on {@code pool} and waits for all; the first failure is thrown, the others added to it. */
  private static void runAll(ExecutorService pool, List<Callable<Void>> tasks) throws IOException {
    List<Future<Void>> futures = new ArrayList<>();
    for (Callable<Void> t : tasks) {
      futures.add(pool.submit(t));
    }
    Exception failure = null;
    for (Future<Void> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = failure == null ? new java.io.InterruptedIOException("interrupted while writing the index") : failure;
      } catch (ExecutionException e) {
        Exception cause = e.getCause() instanceof Exception x ? x : new IOException(e.getCause());
        if (failure == null) {
          failure = cause;
        } else {
          failure.addSuppressed(cause);
        }
      }
    }
    if (failure instanceof IOException io) {
      throw io;
    }
    if (failure instanceof RuntimeException r) {
      throw r;
    }
    if (failure != null) {
      throw new IOException(failure);
    }
  }

  /**
   * Writes alloc_by_lot; each row's number goes to the serial, order and customer references, and
   * one fact per (lot, sku) (the earliest expiry) to the lot directory.
   */
  private Map<String, IndexHeader.FileInfo> writeAllocations(Path tmp, ExternalSorter byLot,
      Map<IndexLayout.FileSpec, ExternalSorter> sorters, Map<ByteBuffer, Integer> customerNumbers, ArrowMemory memory)
      throws IOException {
    ExternalSorter bySerial = sorters.get(ALLOC_BY_SERIAL);
    ExternalSorter byOrder = sorters.get(ALLOC_BY_ORDER);
    ExternalSorter byCustomer = sorters.get(ALLOC_BY_CUSTOMER);
    ExternalSorter lotFacts = sorters.get(LOT_DIR);
    try (IndexFile w = new IndexFile(tmp, ALLOC_BY_LOT, memory)) {
      LotFacts facts = new LotFacts(lotFacts);
      byLot.drain(row -> {
        Long pos = w.rows();
        byte[] customer = (byte[]) row[2];
        row[2] = customerNumbers.get(ByteBuffer.wrap(customer));
        w.write(row);
        tick();
        if (row[6] != null) {
          bySerial.add(new Object[] {row[6], row[3], pos});
        }
        byOrder.add(new Object[] {row[0], row[1], pos});
        byCustomer.add(new Object[] {customer, pos});
        facts.add((byte[]) row[5], (byte[]) row[3], (Integer) row[8], false);
      });
      facts.flush();
      return w.finish();
    }
  }

  /**
   * Writes the customer directory: every customer allocated to, in code point order, so that a
   * customer's number (its row) sorts as its name does. The names are held on the heap while
   * building (about 100 bytes per distinct customer: 100 MB for a million customers). The numbers
   * are found by the names' UTF-8 bytes, as the allocations are sorted.
   */
  private Map<ByteBuffer, Integer> writeCustomers(Path tmp, java.util.Set<String> names, ArrowMemory memory,
      Map<String, IndexHeader.FileInfo> written) throws IOException {
    String[] sorted = names.toArray(new String[0]);
    java.util.Arrays.sort(sorted, Keys::compareStrings);
    Map<ByteBuffer, Integer> numbers = new java.util.HashMap<>(sorted.length * 2);
    try (IndexFile w = new IndexFile(tmp, CUSTOMER_DIR, memory)) {
      for (String name : sorted) {
        byte[] utf8 = Utf8.bytes(name);
        numbers.put(ByteBuffer.wrap(utf8), numbers.size());
        w.write(new Object[] {utf8});
      }
      written.putAll(w.finish());
    }
    return numbers;
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
      io.tracelot.snapshot.FileTrees.delete(old);
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

  private Map<String, IndexHeader.FileInfo> write(Path tmp, IndexLayout.FileSpec spec, ExternalSorter sorter,
      ArrowMemory memory) throws IOException {
    try (IndexFile w = new IndexFile(tmp, spec, memory)) {
      sorter.drain(row -> {
        w.write(row);
        tick();
      });
      return w.finish();
    }
  }

  /** One index file being written, and the first key of each of its record batches (its keys file). */
  private final class IndexFile implements AutoCloseable {
    private final Path tmp;
    private final IndexLayout.FileSpec spec;
    private final int[] keyCols;
    private final ArrowMemory memory;
    private final ArrowRowWriter writer;
    private final List<Object[]> firstKeys = new ArrayList<>();

    IndexFile(Path tmp, IndexLayout.FileSpec spec, ArrowMemory memory) throws IOException {
      this.tmp = tmp;
      this.spec = spec;
      this.keyCols = spec.keyColumns();
      this.memory = memory;
      this.writer = ArrowRowWriter.file(tmp.resolve(spec.fileName()), spec.schema(), metadata(spec.name()),
          options.batchRows(), memory);
    }

    long rows() {
      return writer.rows();
    }

    void write(Object[] row) throws IOException {
      // the writer cuts a batch every batchRows rows
      if (writer.rows() % options.batchRows() == 0) {
        Object[] key = new Object[keyCols.length];
        for (int i = 0; i < keyCols.length; i++) {
          key[i] = row[keyCols[i]];
        }
        firstKeys.add(key);
      }
      writer.write(row);
    }

    /** Closes the file, writes its keys file; the header entries of both. */
    Map<String, IndexHeader.FileInfo> finish() throws IOException {
      writer.close();
      Path keysFile = tmp.resolve(spec.keysFileName());
      try (ArrowRowWriter k = ArrowRowWriter.file(keysFile, spec.keySchema(), metadata(spec.keysName()), 65_536,
          memory)) {
        for (Object[] key : firstKeys) {
          k.write(key);
        }
        k.close();
        return Map.of(
            spec.name(), new IndexHeader.FileInfo(writer.rows(), Files.size(tmp.resolve(spec.fileName()))),
            spec.keysName(), new IndexHeader.FileInfo(k.rows(), Files.size(keysFile)));
      }
    }

    @Override
    public void close() throws IOException {
      writer.close();
    }
  }

  /** The lot directory: one row per (lot, sku), the earliest expiry seen, held if any stock of it is. */
  private Map<String, IndexHeader.FileInfo> writeLots(Path tmp, ExternalSorter facts, ArrowMemory memory)
      throws IOException {
    Comparator<Object[]> key = RowOrder.of(LOT_DIR.schema(), LOT_DIR.keyColumns());
    try (IndexFile w = new IndexFile(tmp, LOT_DIR, memory)) {
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
      return w.finish();
    }
  }

  private static Map<String, String> metadata(String name) {
    return Map.of(
        IndexLayout.META_FORMAT, IndexLayout.FORMAT,
        IndexLayout.META_VERSION, Integer.toString(IndexLayout.VERSION),
        IndexLayout.META_FILE, name);
  }

  private void tick() {
    if ((done.incrementAndGet() & 0xFFFF) == 0) {
      report(phase, false);
    }
  }

  private synchronized void report(String what, boolean force) {
    long now = System.nanoTime();
    if (!force && now - lastReport < 500_000_000L) {
      return;
    }
    lastReport = now;
    double seconds = Math.max(1e-9, (now - started) / 1e9);
    long n = done.get();
    progress.update(what, n, total, n / seconds);
  }

  /** The rows of alloc_by_lot as sorted: the customer by name, numbered when the file is written. */
  static final RowSchema ALLOC_NAMED = new RowSchema(IndexLayout.ALLOC.cols().stream()
      .map(c -> c.name().equals("customer_no") ? RowSchema.col("customer", RowSchema.Kind.STRING) : c)
      .toList());

  static String lotKey(String lot) {
    return lot == null ? "" : lot;
  }

  private static Integer date(int epochDay) {
    return epochDay == Times.NO_DATE ? null : epochDay;
  }

  // the sorters' rows: strings as UTF-8 bytes, values that repeat (sku, warehouse, customer, lot)
  // shared between rows

  static Object[] alloc(Allocation a, Utf8 u) {
    return new Object[] {Utf8.bytes(a.orderId()), a.line(), u.shared(a.customer()), u.shared(a.sku()),
        u.shared(a.warehouse()), u.shared(lotKey(a.lot())), Utf8.bytes(a.serial()), a.qty(), date(a.expiry()),
        a.allocTs()};
  }

  static Object[] movement(Movement m, Utf8 u) {
    return new Object[] {Utf8.bytes(m.eventId()), m.ts(), u.shared(m.type().name()), u.shared(m.sku()),
        u.shared(lotKey(m.lot())), Utf8.bytes(m.serial()), m.qty(), u.shared(m.warehouse()), u.shared(m.party()),
        Utf8.bytes(m.ref()), date(m.expiry())};
  }

  static Object[] stock(StockPosition s, Utf8 u) {
    return new Object[] {u.shared(s.sku()), u.shared(s.warehouse()), u.shared(lotKey(s.lot())), Utf8.bytes(s.serial()),
        s.qty(), date(s.expiry()), s.held()};
  }


  @FunctionalInterface
  interface IoConsumer<T> {
    void accept(T t) throws IOException;
  }
}
