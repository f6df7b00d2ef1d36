package io.tracelot.benchmarks.allocator;

import io.tracelot.allocator.AllocationOutput;
import io.tracelot.allocator.Allocator;
import io.tracelot.allocator.index.OnHeapStockIndex;
import io.tracelot.allocator.index.StockIndex;
import io.tracelot.allocator.index.chronicle.ChronicleStockIndex;
import io.tracelot.allocator.model.Allocation;
import io.tracelot.allocator.model.InputEvent;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.OrderLine;
import io.tracelot.allocator.model.Reject;
import io.tracelot.allocator.model.Sku;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Order lines allocated per second by one thread, against a stock of 1,000,000 lots (10,000 FEFO
 * skus x 100 lots over 3 warehouses, quantities that never run out), with each stock index behind
 * the one {@link StockIndex} facade (caffeine's GetPutBenchmark shape).
 *
 * <p>A sku visit is one {@link Allocator#apply} of {@code batch} order lines of that sku: the
 * nightly job visits each sku once with all its lines (about 1000 at 10M lines over 10k skus), a
 * streaming job more often with fewer. Skus are visited Zipf-like (exponent 0.99, seeded). One
 * invocation allocates {@link #LINES_PER_INVOCATION} lines whatever the batch, so the score is
 * order lines per second.
 *
 * <p>The visits are built in setup and replayed in a ring: the measured work is the allocator and
 * the index (load, sort, allocate, store), not building records. Before measuring, setup applies
 * the whole ring once, so that what customers hold of each lot (part of a book) has reached its
 * steady size and books do not grow while measured. Each sku's lines come from 20 customers, with
 * minimum shelf lives of 0, 30 or 60 days (so FEFO skips lots that expire too soon).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgs = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class AllocationBenchmark {
  static final int SKUS = 10_000;
  static final int LOTS_PER_SKU = 100;
  static final int LINES_PER_INVOCATION = 1000;
  /** Order lines built in setup, replayed in a ring. */
  static final int RING_LINES = 1_000_000;
  static final int CUSTOMERS = 5_000;
  static final int CUSTOMERS_PER_SKU = 20;
  static final int[] MIN_SHELF_DAYS = {0, 30, 60};
  static final long SEED = 42;

  /** Each stock index, built empty behind the facade. */
  public enum IndexKind {
    ON_HEAP {
      @Override
      StockIndex create(Path dir, long skus, long lots) {
        return new OnHeapStockIndex();
      }
    },
    CHRONICLE {
      @Override
      StockIndex create(Path dir, long skus, long lots) {
        return ChronicleStockIndex.builder(dir.resolve("stock.cmap")).expectedSkus(skus).expectedLots(lots).open();
      }
    },
    /** Chronicle behind a 256 MB write-back cache of decoded books (hot skus skip decode/encode). */
    CHRONICLE_CACHED {
      @Override
      StockIndex create(Path dir, long skus, long lots) {
        return ChronicleStockIndex.builder(dir.resolve("stock.cmap")).expectedSkus(skus).expectedLots(lots).cacheBytes(256L << 20).open();
      }
    };

    abstract StockIndex create(Path dir, long skus, long lots);
  }

  @Param
  IndexKind index;

  /** Order lines per sku visit (one Allocator.apply); must divide {@link #LINES_PER_INVOCATION}. */
  @Param({"1", "10", "100", "1000"})
  int batch;

  private Path dir;
  private StockIndex stock;
  private Allocator allocator;
  private final BlackholeOutput out = new BlackholeOutput();
  private Sku[] visitSku;
  private List<InputEvent>[] visitLines;
  private int visitsPerInvocation;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    if (batch < 1 || LINES_PER_INVOCATION % batch != 0) {
      throw new IllegalArgumentException("batch must divide " + LINES_PER_INVOCATION + ", got " + batch);
    }
    dir = Files.createTempDirectory("tracelot-allocation-benchmark");
    StockFixture fixture = new StockFixture(SKUS, LOTS_PER_SKU, SEED);
    stock = index.create(dir, fixture.skus(), fixture.lots());
    fixture.fill(stock, 0, n -> {});
    buildVisits();
    visitsPerInvocation = LINES_PER_INVOCATION / batch;
    allocator = new Allocator(stock, out);
    // One pass over the ring so that books reach their steady size before measuring.
    out.bh = null;
    for (int v = 0; v < visitSku.length; v++) {
      allocator.apply(visitSku[v], visitLines[v]);
    }
    if (out.rejects > 0) {
      throw new IllegalStateException(out.rejects + " order lines rejected: the fixture must allocate every line");
    }
  }

  @SuppressWarnings("unchecked")
  private void buildVisits() {
    int visits = RING_LINES / batch;
    visitSku = new Sku[visits];
    visitLines = new List[visits];
    Zipf skuOfVisit = new Zipf(SKUS, 0.99, SEED);
    SplittableRandom rnd = new SplittableRandom(SEED + 1);
    Sku[] skus = new Sku[SKUS];
    String[] customers = new String[CUSTOMERS];
    for (int c = 0; c < CUSTOMERS; c++) {
      customers[c] = String.format("CUST-%05d", c);
    }
    long ts = StockFixture.RECEIVED_TS + TimeUnit.DAYS.toMicros(300);
    long orderNo = 0;
    for (int v = 0; v < visits; v++) {
      int s = skuOfVisit.next();
      if (skus[s] == null) {
        skus[s] = StockFixture.sku(s);
      }
      String skuId = skus[s].sku();
      List<InputEvent> lines = new ArrayList<>(batch);
      for (int i = 0; i < batch; i++) {
        ts += 1_000;
        orderNo++;
        String customer = customers[(s * 31 + rnd.nextInt(CUSTOMERS_PER_SKU)) % CUSTOMERS];
        String warehouse = StockFixture.WAREHOUSES[rnd.nextInt(StockFixture.WAREHOUSES.length)];
        int minShelf = MIN_SHELF_DAYS[rnd.nextInt(MIN_SHELF_DAYS.length)];
        OrderLine line = new OrderLine("SO" + orderNo, 1 + rnd.nextInt(5), ts, customer, skuId, 1 + rnd.nextInt(24), warehouse, StockFixture.TODAY, minShelf, OrderLine.DEFAULT_PRIORITY);
        lines.add(new InputEvent(line, "orders.csv", orderNo + 1, null));
      }
      visitSku[v] = skus[s];
      visitLines[v] = List.copyOf(lines);
    }
  }

  @Benchmark
  @OperationsPerInvocation(LINES_PER_INVOCATION)
  public void allocate(Blackhole bh) {
    out.bh = bh;
    int v = next;
    for (int i = 0; i < visitsPerInvocation; i++) {
      allocator.apply(visitSku[v], visitLines[v]);
      if (++v == visitSku.length) {
        v = 0;
      }
    }
    next = v;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    stock.close();
    if (out.rejects > 0) {
      throw new IllegalStateException(out.rejects + " order lines rejected while measured");
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** A no-op sink: every decision goes to the Blackhole, so none is optimised away. */
  static final class BlackholeOutput implements AllocationOutput {
    Blackhole bh;
    long rejects;

    @Override
    public void allocated(Allocation allocation) {
      if (bh != null) {
        bh.consume(allocation);
      }
    }

    @Override
    public void accepted(Movement movement) {
      if (bh != null) {
        bh.consume(movement);
      }
    }

    @Override
    public void rejected(Reject reject) {
      rejects++;
    }
  }
}
