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

import io.tracelot.arrow.ArrowMemory;
import io.tracelot.snapshot.SnapshotReader;
import io.tracelot.trace.RowList;
import io.tracelot.trace.TraceAnswer;
import io.tracelot.trace.TraceAnswer.AllocationRow;
import io.tracelot.trace.TraceAnswer.CustomerTotal;
import io.tracelot.trace.TraceAnswer.LotRow;
import io.tracelot.trace.TraceAnswer.OnHandRow;
import io.tracelot.trace.TraceAnswer.Product;
import io.tracelot.trace.TraceAnswer.ReturnRow;
import io.tracelot.trace.TraceAnswer.SourceRow;
import io.tracelot.trace.TraceQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The trace index of one snapshot: {@link #build} writes {@code <snapshot>/index/},
 * {@link #open} maps it and {@link #trace} answers the questions of trace.md. An open index is
 * immutable and thread-safe: any number of threads may query it at once (a server holds one).
 * It owns its Arrow memory; {@link #close} releases it and fails if a buffer leaked.
 *
 * <pre>{@code
 * TraceIndex.build(snapshot, IndexProgress.none());
 * try (TraceIndex index = TraceIndex.open(snapshot)) {
 *   TraceAnswer a = index.trace(new TraceQuery.ForwardLot("L000123"));
 * }
 * }</pre>
 */
public final class TraceIndex implements AutoCloseable {
  /**
   * Build settings: rows per sorted run on the heap (per index file), rows per record batch, and
   * threads (sorting beside reading, files merged in parallel; default: the machine's cores, at most 4).
   */
  public record BuildOptions(int runRows, int batchRows, int threads) {
    public static final BuildOptions DEFAULT = new BuildOptions(200_000, 16_384);

    public BuildOptions(int runRows, int batchRows) {
      this(runRows, batchRows, Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    public BuildOptions {
      if (threads < 1 || threads > 64) {
        throw new IllegalArgumentException("threads must be in 1..64, got " + threads);
      }
      if (runRows < 2) {
        throw new IllegalArgumentException("runRows must be >= 2, got " + runRows);
      }
      if (batchRows < 1) {
        throw new IllegalArgumentException("batchRows must be >= 1, got " + batchRows);
      }
    }
  }

  private final Path dir;
  private final String runId;
  private final ArrowMemory memory;
  private final BufferAllocator reads;
  private final Map<IndexLayout.FileSpec, SortedFile> files = new HashMap<>();
  private final Map<String, Product> products = new HashMap<>();
  private CustomerDirectory customers;

  private TraceIndex(Path dir, String runId, ArrowMemory memory) {
    this.dir = dir;
    this.runId = runId;
    this.memory = memory;
    this.reads = memory.child("reads");
  }

  /** Builds the index of {@code snapshot} (a published link or a directory) with the default options. */
  public static Path build(Path snapshot, IndexProgress progress) throws IOException {
    return build(snapshot, BuildOptions.DEFAULT, progress);
  }

  public static Path build(Path snapshot, BuildOptions options, IndexProgress progress) throws IOException {
    return new IndexBuilder(snapshot, options, progress == null ? IndexProgress.none() : progress).build();
  }

  /**
   * Opens the index of {@code snapshot}, checking the header and every file.
   *
   * @throws IndexFormatException naming the file: no index, too old, too new, built for another
   *     run (stale) or corrupt
   */
  public static TraceIndex open(Path snapshot) throws IOException {
    SnapshotReader reader = SnapshotReader.open(snapshot);
    Path dir = reader.dir().resolve(IndexLayout.DIR);
    Path headerFile = dir.resolve(IndexLayout.HEADER);
    IndexHeader header = IndexHeader.read(headerFile);
    String runId = reader.manifest().runId();
    if (!runId.equals(header.runId())) {
      throw new IndexFormatException(headerFile, "stale: built for run " + header.runId() + ", the snapshot is run "
          + runId + " (rebuild it with tracelot index)");
    }
    ArrowMemory memory = new ArrowMemory();
    TraceIndex index = new TraceIndex(dir, runId, memory);
    try {
      for (IndexLayout.FileSpec spec : IndexLayout.FILES) {
        for (String name : List.of(spec.keysName(), spec.name())) {
          IndexHeader.FileInfo info = header.files().get(name);
          Path path = dir.resolve(name + ".arrow");
          if (info == null) {
            throw new IndexFormatException(headerFile, "corrupt: lists no file " + path.getFileName());
          }
          if (!Files.exists(path)) {
            throw new IndexFormatException(path, "corrupt: index file missing");
          }
          if (Files.size(path) != info.bytes()) {
            throw new IndexFormatException(path, "corrupt: " + Files.size(path) + " bytes, the header says "
                + info.bytes());
          }
        }
        IndexHeader.FileInfo info = header.files().get(spec.name());
        // the file's batches must be as many as the header's rows make (checked on open), and
        // each batch as long as they make (checked when it is read)
        index.files.put(spec, SortedFile.open(dir, spec, header.batchRows(), info.rows(), memory, index.reads));
      }
      index.customers = new CustomerDirectory(index.files.get(CUSTOMER_DIR));
      for (Object[] r : index.files.get(SKU_DIR).all()) {
        index.products.put((String) r[0], new Product((String) r[0], (String) r[1], (String) r[2]));
      }
      return index;
    } catch (IOException | RuntimeException e) {
      try {
        index.close();
      } catch (RuntimeException leak) {
        e.addSuppressed(leak);
      }
      throw e;
    }
  }

  public String runId() {
    return runId;
  }

  public Path dir() {
    return dir;
  }

  /** Bytes of Arrow memory held (the mapped files and any batch being read). */
  public long arrowBytes() {
    return memory.allocatedBytes();
  }

  /** Answers a query. Thread-safe. */
  public TraceAnswer trace(TraceQuery query) {
    if (query instanceof TraceQuery.ForwardLot q) {
      return forward(query, List.of(new TraceQuery.LotRef(q.sku(), q.lot())), q.depth());
    } else if (query instanceof TraceQuery.Recall q) {
      return forward(query, q.lots(), q.depth());
    } else if (query instanceof TraceQuery.ForwardSerial q) {
      return forwardSerial(q);
    } else if (query instanceof TraceQuery.Backward q) {
      return backward(q);
    }
    throw new IllegalArgumentException("malformed query: " + query);
  }

  // ---- forward

  private TraceAnswer forward(TraceQuery query, List<TraceQuery.LotRef> refs, int maxDepth) {
    Map<Node, LotRow> start = new LinkedHashMap<>();
    List<TraceQuery.LotRef> notFound = new ArrayList<>();
    for (TraceQuery.LotRef ref : refs) {
      List<Object[]> rows = ref.sku() == null ? file(LOT_DIR).range(ref.lot()) : file(LOT_DIR).range(ref.lot(), ref.sku());
      if (rows.isEmpty()) {
        notFound.add(ref);
      }
      for (Object[] r : rows) {
        start.putIfAbsent(new Node((String) r[1], (String) r[0]), lotRow(r, 0));
      }
    }
    if (start.isEmpty()) {
      return empty(query, notFound);
    }
    Map<Node, LotRow> reached = closure(start, maxDepth, GEN_DOWN, 2, 3);
    Answer a = new Answer();
    a.lots.addAll(reached.values());
    // lots in answer order: alloc_by_lot holds each lot's rows in answer order already, so the
    // rows come out sorted and a 300k-row lot is never sorted again
    List<Node> nodes = new ArrayList<>(reached.keySet());
    nodes.sort(Node.ORDER);
    AllocationDecoder decoder = new AllocationDecoder(a.allocations);
    for (Node n : nodes) {
      decoder.lot(n.sku, lot(n.lot));
      file(ALLOC_BY_LOT).scan(decoder, n.lot, n.sku);
      for (Object[] r : file(MOV_BY_LOT).range(n.lot, n.sku, "RETURN")) {
        a.returns.add(returnRow(r));
      }
      for (Object[] r : file(STOCK_BY_LOT).range(n.lot, n.sku)) {
        a.onHand.add(onHand(r));
      }
    }
    a.allocationsInOrder = true;
    a.customerTotals = decoder.customerTotals();
    return a.finish(query, notFound);
  }

  private TraceAnswer forwardSerial(TraceQuery.ForwardSerial q) {
    Object[] key = q.sku() == null ? new Object[] {q.serial()} : new Object[] {q.serial(), q.sku()};
    List<Object[]> allocs = allocations(file(ALLOC_BY_SERIAL).range(key), 2);
    List<Object[]> movements = file(MOV_BY_SERIAL).range(key);
    List<Object[]> stock = file(STOCK_BY_SERIAL).range(key);
    if (allocs.isEmpty() && movements.isEmpty() && stock.isEmpty()) {
      return empty(q, List.of());
    }
    Answer a = new Answer();
    Set<Node> lots = new LinkedHashSet<>();
    for (Object[] r : allocs) {
      a.allocations.add(allocation(r));
      lots.add(new Node((String) r[3], (String) r[5]));
    }
    for (Object[] r : movements) {
      if ("RETURN".equals(r[2])) {
        a.returns.add(returnRow(r));
      }
      lots.add(new Node((String) r[3], (String) r[4]));
    }
    for (Object[] r : stock) {
      a.onHand.add(onHand(r));
      lots.add(new Node((String) r[0], (String) r[2]));
    }
    for (Node n : lots) {
      a.lots.add(lotRow(n, 0));
    }
    return a.finish(q, List.of());
  }

  // ---- backward

  private TraceAnswer backward(TraceQuery.Backward q) {
    Answer a = new Answer();
    Set<Node> startNodes = new LinkedHashSet<>();
    switch (q.from()) {
      case LOT -> {
        List<Object[]> rows = q.sku() == null ? file(LOT_DIR).range(q.id()) : file(LOT_DIR).range(q.id(), q.sku());
        for (Object[] r : rows) {
          startNodes.add(new Node((String) r[1], (String) r[0]));
        }
      }
      case SERIAL -> {
        Object[] key = q.sku() == null ? new Object[] {q.id()} : new Object[] {q.id(), q.sku()};
        for (Object[] r : allocations(file(ALLOC_BY_SERIAL).range(key), 2)) {
          startNodes.add(new Node((String) r[3], (String) r[5]));
        }
        for (Object[] r : file(MOV_BY_SERIAL).range(key)) {
          startNodes.add(new Node((String) r[3], (String) r[4]));
        }
        for (Object[] r : file(STOCK_BY_SERIAL).range(key)) {
          startNodes.add(new Node((String) r[0], (String) r[2]));
        }
      }
      case ORDER, CUSTOMER -> {
        List<Object[]> refs = q.from() == TraceQuery.From.ORDER
            ? allocations(file(ALLOC_BY_ORDER).range(q.id()), 2)
            : allocations(file(ALLOC_BY_CUSTOMER).range(q.id()), 1);
        for (Object[] r : refs) {
          a.allocations.add(allocation(r));
          startNodes.add(new Node((String) r[3], (String) r[5]));
        }
      }
      default -> throw new AssertionError(q.from());
    }
    if (startNodes.isEmpty()) {
      return empty(q, List.of());
    }
    Map<Node, LotRow> start = new LinkedHashMap<>();
    for (Node n : startNodes) {
      start.put(n, lotRow(n, 0));
    }
    Map<Node, LotRow> reached = closure(start, q.depth(), GEN_UP, 0, 1);
    a.lots.addAll(reached.values());
    for (Map.Entry<Node, LotRow> e : reached.entrySet()) {
      Node n = e.getKey();
      for (Object[] r : file(MOV_BY_LOT).range(n.lot, n.sku, "RECEIPT")) {
        // a serial's own lot: only that unit's receipt
        if (q.from() == TraceQuery.From.SERIAL && e.getValue().depth() == 0 && !q.id().equals(r[5])) {
          continue;
        }
        a.sources.add(new SourceRow((String) r[3], lot(r[4]), (String) r[8], (String) r[9], (Long) r[1],
            (String) r[7], (Long) r[6]));
      }
    }
    return a.finish(q, List.of());
  }

  /**
   * Breadth-first through genealogy from {@code start} (depth 0) up to {@code maxDepth} edges:
   * {@code edges} keyed by the lot of a node, whose columns {@code skuCol}, {@code lotCol} name the
   * next node. Each lot once, at its smallest depth.
   */
  private Map<Node, LotRow> closure(Map<Node, LotRow> start, int maxDepth, IndexLayout.FileSpec edges, int skuCol,
      int lotCol) {
    Map<Node, LotRow> reached = new LinkedHashMap<>(start);
    ArrayDeque<Node> queue = new ArrayDeque<>(start.keySet());
    while (!queue.isEmpty()) {
      Node n = queue.poll();
      int depth = reached.get(n).depth();
      if (depth >= maxDepth) {
        continue;
      }
      for (Object[] e : file(edges).range(n.lot, n.sku)) {
        Node next = new Node((String) e[skuCol], (String) e[lotCol]);
        if (!reached.containsKey(next)) {
          reached.put(next, lotRow(next, depth + 1));
          queue.add(next);
        }
      }
    }
    return reached;
  }

  // ---- rows

  /**
   * Builds answer rows straight from alloc_by_lot's vectors, a batch's rows at a time: their sku
   * and lot are the lot's (not decoded at all), customers come by number from the directory
   * (their units summed per number on the way), warehouses are decoded once per distinct value
   * ({@link Utf8Values}). A 300k-row lot then costs little more than its order ids.
   */
  private final class AllocationDecoder implements SortedFile.RangeVisitor {
    private final RowList.Builder<AllocationRow> out;
    private final Utf8Values text = new Utf8Values();
    private final Utf8Values warehouses = new Utf8Values();
    private final CustomerUnits units = new CustomerUnits(customers.size());
    private String sku;
    private String lot;

    AllocationDecoder(RowList.Builder<AllocationRow> out) {
      this.out = out;
    }

    /** The lot whose rows are visited next. */
    void lot(String sku, String lot) {
      this.sku = sku;
      this.lot = lot;
    }

    @Override
    public void visit(VectorSchemaRoot root, int from, int to) {
      // columns of IndexLayout.ALLOC: order_id, line, customer_no, sku, warehouse, lot, serial, qty, expiry, alloc_ts
      var orderId = (VarCharVector) root.getVector(0);
      var line = (BigIntVector) root.getVector(1);
      var customerNo = (IntVector) root.getVector(2);
      var warehouse = (VarCharVector) root.getVector(4);
      var serial = (VarCharVector) root.getVector(6);
      var qty = (BigIntVector) root.getVector(7);
      var allocTs = (TimeStampMicroTZVector) root.getVector(9);
      for (int i = from; i < to; i++) {
        int c = customerNo.get(i);
        long q = qty.get(i);
        String customer = customers.name(c);
        units.add(c, q);
        out.add(new AllocationRow(sku, lot, text.string(serial, i), customer, text.string(orderId, i), line.get(i), q,
            allocTs.get(i), warehouses.string(warehouses.number(warehouse, i))));
      }
    }

    /** Units per customer over the rows visited, by customer (numbers sort as names do). */
    List<CustomerTotal> customerTotals() {
      List<CustomerTotal> totals = new ArrayList<>();
      units.forEachInOrder((c, q) -> totals.add(new CustomerTotal(customers.name(c), q)));
      return totals;
    }
  }

  /** The alloc_by_lot rows named by the {@code rowCol} column of reference rows. */
  private List<Object[]> allocations(List<Object[]> refs, int rowCol) {
    long[] positions = new long[refs.size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = (Long) refs.get(i)[rowCol];
    }
    Arrays.sort(positions);
    return file(ALLOC_BY_LOT).rowsAt(positions);
  }

  /** A lot of the graph: sku and lot key ("" for the lot of lot-less items). */
  private record Node(String sku, String lot) {
    /** The answer's order of lots: sku, then lot ("" = null first). */
    static final Comparator<Node> ORDER = Comparator.comparing(Node::sku, Keys::compareStrings)
        .thenComparing(Node::lot, Keys::compareStrings);
  }

  private SortedFile file(IndexLayout.FileSpec spec) {
    return files.get(spec);
  }

  private static String lot(Object lotKey) {
    return lotKey == null || "".equals(lotKey) ? null : (String) lotKey;
  }

  private static LotRow lotRow(Object[] lotsRow, int depth) {
    return new LotRow((String) lotsRow[1], lot(lotsRow[0]), depth, (Integer) lotsRow[2], (Boolean) lotsRow[3]);
  }

  private LotRow lotRow(Node n, int depth) {
    List<Object[]> rows = file(LOT_DIR).range(n.lot, n.sku);
    return rows.isEmpty() ? new LotRow(n.sku, lot(n.lot), depth, null, false) : lotRow(rows.get(0), depth);
  }

  private AllocationRow allocation(Object[] r) {
    return new AllocationRow((String) r[3], lot(r[5]), (String) r[6], customers.name((Integer) r[2]), (String) r[0],
        (Long) r[1], (Long) r[7], (Long) r[9], (String) r[4]);
  }

  private static ReturnRow returnRow(Object[] r) {
    return new ReturnRow((String) r[3], lot(r[4]), (String) r[5], (String) r[8], (Long) r[6], (Long) r[1],
        (String) r[7]);
  }

  private static OnHandRow onHand(Object[] r) {
    return new OnHandRow((String) r[0], lot(r[2]), (String) r[3], (String) r[1], (Long) r[4]);
  }

  private TraceAnswer empty(TraceQuery query, List<TraceQuery.LotRef> notFound) {
    return new TraceAnswer(runId, query.describe(), false, List.of(), List.of(), List.of(), List.of(), List.of(),
        List.of(), notFound, List.of());
  }

  /** Collects an answer's rows, then sorts them into the documented order. */
  private final class Answer {
    final List<LotRow> lots = new ArrayList<>();
    final RowList.Builder<AllocationRow> allocations = new RowList.Builder<>();
    final List<ReturnRow> returns = new ArrayList<>();
    final List<OnHandRow> onHand = new ArrayList<>();
    final List<SourceRow> sources = new ArrayList<>();

    /** Set when the allocations were collected in answer order (no sort needed). */
    boolean allocationsInOrder;
    /**
     * The units per customer when they were summed while collecting; then every allocation is of
     * a sku among the lots'.
     */
    List<CustomerTotal> customerTotals;

    TraceAnswer finish(TraceQuery query, List<TraceQuery.LotRef> notFound) {
      lots.sort(LotRow.ORDER);
      if (!allocationsInOrder) {
        allocations.sort(AllocationRow.ORDER);
      }
      List<AllocationRow> allocationRows = allocations.build();
      returns.sort(ReturnRow.ORDER);
      onHand.sort(OnHandRow.ORDER);
      sources.sort(SourceRow.ORDER);
      Set<String> skus = new java.util.HashSet<>();
      List<CustomerTotal> customers = customerTotals;
      if (customers == null) {
        // hash first, then sort the few distinct keys
        Map<String, long[]> perCustomer = new HashMap<>();
        for (AllocationRow r : allocationRows) {
          perCustomer.computeIfAbsent(r.customer(), c -> new long[1])[0] += r.qty();
          skus.add(r.sku());
        }
        Map<String, Long> sortedCustomers = new TreeMap<>(Keys::compareStrings);
        perCustomer.forEach((c, q) -> sortedCustomers.put(c, q[0]));
        customers = new ArrayList<>();
        for (Map.Entry<String, Long> e : sortedCustomers.entrySet()) {
          customers.add(new CustomerTotal(e.getKey(), e.getValue()));
        }
      }
      for (LotRow l : lots) {
        skus.add(l.sku());
      }
      Map<String, Product> used = new TreeMap<>(Keys::compareStrings);
      for (String sku : skus) {
        used.put(sku, products.getOrDefault(sku, new Product(sku, null, null)));
      }
      return new TraceAnswer(runId, query.describe(), true, lots, allocationRows, returns, onHand, sources, customers,
          notFound, new ArrayList<>(used.values()));
    }
  }

  @Override
  public void close() {
    try {
      if (customers != null) {
        customers.close();
      }
      for (SortedFile f : files.values()) {
        f.close();
      }
      files.clear();
      reads.close();
    } finally {
      memory.close();
    }
  }

}
