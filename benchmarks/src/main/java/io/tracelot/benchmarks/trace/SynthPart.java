package io.tracelot.benchmarks.trace;

import static io.tracelot.benchmarks.trace.SynthPlan.DAY_MICROS;
import static io.tracelot.benchmarks.trace.SynthPlan.HOUR_MICROS;
import static io.tracelot.benchmarks.trace.SynthPlan.YEAR_START_MICROS;

import io.tracelot.allocator.model.Allocation;
import io.tracelot.allocator.model.Fill;
import io.tracelot.allocator.model.GenealogyEdge;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.MovementType;
import io.tracelot.allocator.model.StockPosition;
import io.tracelot.allocator.model.Times;
import io.tracelot.benchmarks.trace.SynthPlan.Kind;
import io.tracelot.snapshot.SnapshotTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes the rows of a contiguous slice of the plan's write order (so the allocations stay sorted
 * by lot across the parts' files) into its own files of every table. Per lot, it writes what an
 * allocation run would have produced for it:
 *
 * <ul>
 *   <li>a lot of a LOT item: its RECEIPT (raw: supplier and purchase order) or PRODUCE (work order,
 *       with a CONSUME and a genealogy edge per consumed lot), TRANSFERs from the plant to the DCs
 *       that sell it, its allocations in time order (one order line each), a few RETURNs, a HOLD
 *       for some, and the stock left per warehouse;
 *   <li>a pharma lot: one RECEIPT per serial, order lines taking consecutive serials (each serial
 *       allocated once), returned and unsold serials in stock;
 *   <li>an electronics sku (serials without a lot): serials received by the carton through the
 *       year and sold first in, first out;
 *   <li>a bulk (NONE) sku: weekly RECEIPTs per warehouse covering that week's allocations.
 * </ul>
 *
 * Conservation holds per lot by construction: what comes in (receipts, produce, returns) minus
 * what goes out (consumption, allocations) is what is left in stock, and no warehouse ever goes
 * below zero in time order. Two passes over a lot's rows (the same seed twice) get the totals
 * the receipts need without holding the rows.
 */
final class SynthPart implements AutoCloseable {
  private static final int DCS = SynthPlan.WAREHOUSES - 1;
  private static final SynthIds.Spread CASES = new SynthIds.Spread(0.8, 4096);
  private static final SynthIds.Spread KILOS = new SynthIds.Spread(0.7, 4096);
  private static final SynthIds.Spread BULK_QTY = new SynthIds.Spread(0.9, 4096);

  private final SynthPlan plan;
  private final int[] order;
  private final int from;
  private final int to;
  private final LongAdder allocationsDone;
  private final LongAdder rowsDone;
  final RollingWriter<Allocation> allocations;
  final RollingWriter<Movement> movements;
  final RollingWriter<StockPosition> stock;
  final RollingWriter<GenealogyEdge> genealogy;

  // per-lot scratch
  private final long[] allocW = new long[SynthPlan.WAREHOUSES];
  private final long[] retW = new long[SynthPlan.WAREHOUSES];
  private final int[] sellAt = new int[SynthPlan.WAREHOUSES];
  private final double[] sellWeight = new double[SynthPlan.WAREHOUSES];
  private int sellers;
  private final long[][] weekly = new long[SynthPlan.WAREHOUSES][54];
  private long movementSeq;
  private int currentLot;

  SynthPart(SynthPlan plan, int[] order, int from, int to, Path snapshotDir, int part, long rowsPerFile,
      long rowGroupBytes, LongAdder allocationsDone, LongAdder rowsDone) {
    this.plan = plan;
    this.order = order;
    this.from = from;
    this.to = to;
    this.allocationsDone = allocationsDone;
    this.rowsDone = rowsDone;
    String prefix = SynthIds.pad("part-", part, 2);
    allocations = new RollingWriter<>(SnapshotTable.ALLOCATIONS, snapshotDir, prefix, rowsPerFile, rowGroupBytes);
    movements = new RollingWriter<>(SnapshotTable.MOVEMENTS, snapshotDir, prefix, rowsPerFile, rowGroupBytes);
    stock = new RollingWriter<>(SnapshotTable.STOCK, snapshotDir, prefix, rowsPerFile, rowGroupBytes);
    genealogy = new RollingWriter<>(SnapshotTable.GENEALOGY, snapshotDir, prefix, rowsPerFile, rowGroupBytes);
  }

  void run() throws IOException {
    for (int i = from; i < to; i++) {
      int lot = order[i];
      currentLot = lot;
      movementSeq = 0;
      switch (plan.kind(lot)) {
        case FINISHED, BASE, PREMIX, RAW -> lotItem(lot);
        case PHARMA -> serialLot(lot);
        case ELECTRONICS -> serialGroup(lot);
        case BULK -> bulkGroup(lot);
      }
    }
  }

  // ---- LOT items

  private void lotItem(int lot) throws IOException {
    int s = plan.lotSku[lot];
    Kind kind = plan.skuKind[s];
    String sku = plan.skuCode[s];
    String code = plan.lotCode(lot);
    int expiry = expiry(lot);
    long created = plan.lotTs[lot];
    int n = plan.lotRows[lot];
    SplittableRandom lr = SynthIds.rng(plan.seed, SynthIds.LOT, lot);
    boolean big = isBig(lot);
    if (kind == Kind.FINISHED) {
      chooseSellers(lr, big ? DCS : 1 + (lr.nextBoolean() ? 0 : lr.nextInt(3)));
    } else {
      sellers = 1;
      sellAt[0] = 0; // raw materials and bases are sold to industrial customers from the plant
      sellWeight[0] = 1;
    }
    long start = created + DAY_MICROS + (long) (lr.nextDouble() * 4 * HOUR_MICROS);
    // sold while fresh enough: finished goods until a week before expiry, ingredients sold on for two months at most
    int lastDay = kind == Kind.FINISHED ? SynthPlan.LAST_SALES_DAY : Math.min(dayOf(created) + 60, SynthPlan.LAST_SALES_DAY);
    if (expiry != Times.NO_DATE) {
      lastDay = Math.min(lastDay, expiry - 7 - dayOfYearBase());
    }
    long end = Math.max(start + HOUR_MICROS, YEAR_START_MICROS + lastDay * DAY_MICROS + 18 * HOUR_MICROS);
    boolean held = kind == Kind.FINISHED && lr.nextInt(250) == 0;

    // pass 1: per-warehouse totals, and the returns
    java.util.Arrays.fill(allocW, 0);
    java.util.Arrays.fill(retW, 0);
    long lastTs = created;
    SplittableRandom rr = SynthIds.rng(plan.seed, SynthIds.ROWS, lot);
    for (int i = 0; i < n; i++) {
      LotRow row = lotRow(rr, kind, i, n, start, end);
      allocW[row.warehouse] += row.qty;
      lastTs = Math.max(lastTs, row.ts);
      if (row.returnQty > 0) {
        long at = Math.min(row.ts + row.returnDays * DAY_MICROS, lastInstant());
        retW[row.warehouse] += row.returnQty;
        movement(new Movement(eventId(), at, MovementType.RETURN, sku, code, null, row.returnQty,
            plan.warehouses[row.warehouse], null, Times.NO_DATE, row.customer, SynthIds.pad("RMA-", lot, 8)));
      }
    }

    // what is left per warehouse: some DCs keep a part of what they got; intermediates some at the plant
    long[] leftover = new long[SynthPlan.WAREHOUSES];
    long consumed = plan.lotConsumed[lot];
    if (kind == Kind.FINISHED) {
      for (int k = 0; k < sellers; k++) {
        int w = sellAt[k];
        if (lr.nextInt(10) < 4) {
          leftover[w] = Math.round(allocW[w] * 0.25 * lr.nextDouble());
        }
      }
      if (held) {
        leftover[sellAt[0]] = Math.max(1, leftover[sellAt[0]]);
      }
    } else if (consumed + allocW[0] == 0) {
      leftover[0] = 100 + lr.nextInt(900); // received, never used yet
    } else if (lr.nextInt(10) < 3) {
      leftover[0] = Math.round((consumed + allocW[0]) * 0.2 * lr.nextDouble());
    }

    // in at the plant: everything that goes out from anywhere plus what is left (returns refill on top)
    long transferredOut = 0;
    for (int w = 1; w < SynthPlan.WAREHOUSES; w++) {
      transferredOut += allocW[w] + leftover[w];
    }
    long in = transferredOut + allocW[0] + leftover[0] + consumed;
    String ref;
    if (kind == Kind.RAW) {
      ref = SynthIds.pad("PO-", lot, 8);
      movement(new Movement(eventId(), created, MovementType.RECEIPT, sku, code, null, in, SynthPlan.PLANT, null, expiry,
          plan.supplierOf(s), ref));
    } else {
      ref = SynthIds.pad("WO-", lot, 8);
      for (int e = plan.edgeStart[lot]; e < plan.edgeStart[lot + 1]; e++) {
        int parent = plan.edgeParent[e];
        String parentSku = plan.skuCode[plan.lotSku[parent]];
        String parentCode = plan.lotCode(parent);
        movement(new Movement(eventId(), created - 30 * 60_000_000L, MovementType.CONSUME, parentSku, parentCode, null,
            plan.edgeQty[e], SynthPlan.PLANT, null, Times.NO_DATE, null, ref));
        genealogy.write(new GenealogyEdge(parentSku, parentCode, sku, code, ref));
        rowsDone.increment();
      }
      movement(new Movement(eventId(), created, MovementType.PRODUCE, sku, code, null, in, SynthPlan.PLANT, null, expiry,
          null, ref));
    }
    for (int w = 1; w < SynthPlan.WAREHOUSES; w++) {
      long out = allocW[w] + leftover[w];
      if (out > 0) {
        long at = created + 2 * HOUR_MICROS + (long) (lr.nextDouble() * 18 * HOUR_MICROS);
        movement(new Movement(eventId(), at, MovementType.TRANSFER, sku, code, null, out, SynthPlan.PLANT,
            plan.warehouses[w], Times.NO_DATE, null, null));
      }
    }
    if (held) {
      movement(new Movement(eventId(), lastTs + HOUR_MICROS, MovementType.HOLD, sku, code, null, 0, null, null,
          Times.NO_DATE, null, "QA-" + code));
    }
    for (int w = 0; w < SynthPlan.WAREHOUSES; w++) {
      long left = leftover[w] + retW[w];
      if (left > 0) {
        stock(new StockPosition(sku, plan.warehouses[w], code, null, left, expiry, created, held));
      }
    }

    // pass 2: the allocations, in time order
    rr = SynthIds.rng(plan.seed, SynthIds.ROWS, lot);
    for (int i = 0; i < n; i++) {
      LotRow row = lotRow(rr, kind, i, n, start, end);
      allocation(new Allocation(orderId(lot, i), row.line, row.customer, sku, plan.warehouses[row.warehouse], code, null,
          row.qty, expiry, row.ts, row.backorder ? Fill.BACKORDER : Fill.INITIAL));
    }
  }

  /** One allocation row of a lot item; the same draws in both passes. */
  private record LotRow(long ts, String customer, long qty, int warehouse, boolean backorder, int line, long returnQty,
      int returnDays) {}

  private LotRow lotRow(SplittableRandom rr, Kind kind, int i, int n, long start, long end) {
    long ts = start + (long) ((i + rr.nextDouble()) * (end - start) / n);
    String customer = plan.customer(rr);
    long qty = kind == Kind.FINISHED
        ? 1 + (long) (CASES.sample(rr) * 3)
        : 20 + (long) (KILOS.sample(rr) * 120);
    int warehouse = seller(rr);
    boolean backorder = rr.nextInt(50) == 0;
    int line = 1 + rr.nextInt(8);
    boolean returned = rr.nextInt(500) == 0;
    long returnQty = 1 + rr.nextLong(qty);
    int returnDays = 1 + rr.nextInt(20);
    return new LotRow(ts, customer, qty, warehouse, backorder, line, returned ? returnQty : 0, returnDays);
  }

  // ---- serial items

  /** A pharma lot: every serial received, sold at most once (order lines of consecutive serials). */
  private void serialLot(int lot) throws IOException {
    int s = plan.lotSku[lot];
    SplittableRandom lr = SynthIds.rng(plan.seed, SynthIds.LOT, lot);
    int home = 1 + lr.nextInt(DCS);
    long created = plan.lotTs[lot];
    int expiry = expiry(lot);
    int n = plan.lotRows[lot];
    int leftover = lr.nextBoolean() ? (int) (n * 0.15 * lr.nextDouble()) : 0;
    boolean held = lr.nextInt(250) == 0;
    if (held) {
      leftover = Math.max(1, leftover);
    }
    long start = created + DAY_MICROS;
    int lastDay = Math.min(expiry - 30 - dayOfYearBase(), SynthPlan.LAST_SALES_DAY);
    long end = Math.max(start + HOUR_MICROS, YEAR_START_MICROS + lastDay * DAY_MICROS + 18 * HOUR_MICROS);
    String code = plan.lotCode(lot);
    String ref = SynthIds.pad("PO-", lot, 8);
    long lastTs = sellSerials(lot, plan.skuCode[s], code, expiry, home, n, leftover, start, end, held, i -> created,
        created, plan.supplierOf(s), ref);
    if (held) {
      movement(new Movement(eventId(), lastTs + HOUR_MICROS, MovementType.HOLD, plan.skuCode[s], code, null, 0, null,
          null, Times.NO_DATE, null, "QA-" + code));
    }
  }

  /** An electronics sku: serials without a lot, received by the carton through the year, sold first in, first out. */
  private void serialGroup(int group) throws IOException {
    int s = plan.lotSku[group];
    SplittableRandom lr = SynthIds.rng(plan.seed, SynthIds.LOT, group);
    int home = 1 + lr.nextInt(DCS);
    int n = plan.lotRows[group];
    int leftover = 1 + (int) (n * 0.1 * lr.nextDouble());
    int carton = 12 * (1 + lr.nextInt(4));
    long start = YEAR_START_MICROS + 2 * DAY_MICROS;
    long end = YEAR_START_MICROS + SynthPlan.LAST_SALES_DAY * DAY_MICROS + 18 * HOUR_MICROS;
    long leftoverAt = Math.max(end - 5 * DAY_MICROS, start);
    // a carton arrives two days before the earliest moment its first serial can be sold
    java.util.function.IntToLongFunction received = i -> i >= n
        ? Math.max(leftoverAt, receivedBy(start, end, n, (n - 1) / carton * carton))
        : receivedBy(start, end, n, i / carton * carton);
    sellSerials(group, plan.skuCode[s], null, Times.NO_DATE, home, n, leftover, start, end, false, received,
        received.applyAsLong(0), plan.supplierOf(s), SynthIds.pad("PO-", group, 8));
  }

  private static long receivedBy(long start, long end, int n, int firstOfCarton) {
    return Math.max(YEAR_START_MICROS, start + (long) ((double) firstOfCarton * (end - start) / n) - 2 * DAY_MICROS);
  }

  /**
   * Receives {@code n + leftover} serials at {@code home} and sells the first {@code n} in serial
   * order, order line by order line; some come back. Returns the last allocation's instant.
   */
  private long sellSerials(int lot, String sku, String code, int expiry, int home, int n, int leftover, long start,
      long end, boolean held, java.util.function.IntToLongFunction receivedAt, long age, String supplier, String ref)
      throws IOException {
    SplittableRandom rr = SynthIds.rng(plan.seed, SynthIds.ROWS, lot);
    String warehouse = plan.warehouses[home];
    long lastTs = start;
    int event = 0;
    for (int i = 0; i < n; event++) {
      int k = Math.min(n - i, 1 + (rr.nextInt(4) == 0 ? rr.nextInt(6) : 0));
      long ts = Math.max(start + (long) ((i + rr.nextDouble()) * (end - start) / n), lastTs);
      lastTs = ts;
      String customer = plan.customer(rr);
      String orderId = orderId(lot, event);
      boolean backorder = rr.nextInt(50) == 0;
      int returnedAt = rr.nextInt(500) == 0 ? i : -1;
      int returnDays = 1 + rr.nextInt(20);
      for (int j = 0; j < k; j++, i++) {
        String serial = serial(code == null, lot, i);
        long in = Math.min(receivedAt.applyAsLong(i), ts - HOUR_MICROS);
        movement(new Movement(eventId(), in, MovementType.RECEIPT, sku, code, serial, 1, warehouse, null, expiry,
            supplier, ref));
        allocation(new Allocation(orderId, 1, customer, sku, warehouse, code, serial, 1, expiry, ts,
            backorder ? Fill.BACKORDER : Fill.INITIAL));
        if (i == returnedAt) {
          long back = Math.min(ts + returnDays * DAY_MICROS, lastInstant());
          movement(new Movement(eventId(), back, MovementType.RETURN, sku, code, serial, 1, warehouse, null,
              Times.NO_DATE, customer, SynthIds.pad("RMA-", lot, 8)));
          stock(new StockPosition(sku, warehouse, code, serial, 1, expiry, age, held));
        }
      }
    }
    for (int i = n; i < n + leftover; i++) {
      String serial = serial(code == null, lot, i);
      movement(new Movement(eventId(), Math.min(receivedAt.applyAsLong(i), lastInstant()), MovementType.RECEIPT, sku,
          code, serial, 1, warehouse, null, expiry, supplier, ref));
      stock(new StockPosition(sku, warehouse, code, serial, 1, expiry, age, held));
    }
    return lastTs;
  }

  // ---- NONE items

  /** A bulk sku: allocations from one to three DCs, each week's quantity received at the start of that week. */
  private void bulkGroup(int group) throws IOException {
    int s = plan.lotSku[group];
    String sku = plan.skuCode[s];
    SplittableRandom lr = SynthIds.rng(plan.seed, SynthIds.LOT, group);
    chooseSellers(lr, 1 + lr.nextInt(3));
    int n = plan.lotRows[group];
    long start = YEAR_START_MICROS + DAY_MICROS;
    long end = YEAR_START_MICROS + SynthPlan.LAST_SALES_DAY * DAY_MICROS + 18 * HOUR_MICROS;
    for (long[] w : weekly) {
      java.util.Arrays.fill(w, 0);
    }
    java.util.Arrays.fill(retW, 0);
    SplittableRandom rr = SynthIds.rng(plan.seed, SynthIds.ROWS, group);
    for (int i = 0; i < n; i++) {
      BulkRow row = bulkRow(rr, i, n, start, end);
      weekly[row.warehouse][week(row.ts)] += row.qty;
      if (row.returnQty > 0) {
        long at = Math.min(row.ts + row.returnDays * DAY_MICROS, lastInstant());
        retW[row.warehouse] += row.returnQty;
        movement(new Movement(eventId(), at, MovementType.RETURN, sku, null, null, row.returnQty,
            plan.warehouses[row.warehouse], null, Times.NO_DATE, row.customer, SynthIds.pad("RMA-", group, 8)));
      }
    }
    long firstReceipt = Long.MAX_VALUE;
    long[] leftover = new long[SynthPlan.WAREHOUSES];
    String ref = SynthIds.pad("PO-", group, 8);
    for (int k = 0; k < sellers; k++) {
      int w = sellAt[k];
      long total = 0;
      for (int wk = 0; wk < weekly[w].length; wk++) {
        if (weekly[w][wk] > 0) {
          long at = Math.max(YEAR_START_MICROS, YEAR_START_MICROS + wk * 7 * DAY_MICROS - 6 * HOUR_MICROS);
          firstReceipt = Math.min(firstReceipt, at);
          total += weekly[w][wk];
          movement(new Movement(eventId(), at, MovementType.RECEIPT, sku, null, null, weekly[w][wk], plan.warehouses[w],
              null, Times.NO_DATE, plan.supplierOf(s), ref));
        }
      }
      leftover[w] = 1 + Math.round(total * 0.1 * lr.nextDouble());
      long at = end + HOUR_MICROS;
      firstReceipt = Math.min(firstReceipt, at);
      movement(new Movement(eventId(), at, MovementType.RECEIPT, sku, null, null, leftover[w], plan.warehouses[w], null,
          Times.NO_DATE, plan.supplierOf(s), ref));
    }
    for (int w = 0; w < SynthPlan.WAREHOUSES; w++) {
      long left = leftover[w] + retW[w];
      if (left > 0) {
        stock(new StockPosition(sku, plan.warehouses[w], null, null, left, Times.NO_DATE, firstReceipt, false));
      }
    }
    rr = SynthIds.rng(plan.seed, SynthIds.ROWS, group);
    for (int i = 0; i < n; i++) {
      BulkRow row = bulkRow(rr, i, n, start, end);
      allocation(new Allocation(orderId(group, i), row.line, row.customer, sku, plan.warehouses[row.warehouse], null,
          null, row.qty, Times.NO_DATE, row.ts, row.backorder ? Fill.BACKORDER : Fill.INITIAL));
    }
  }

  private record BulkRow(long ts, String customer, long qty, int warehouse, boolean backorder, int line, long returnQty,
      int returnDays) {}

  private BulkRow bulkRow(SplittableRandom rr, int i, int n, long start, long end) {
    long ts = start + (long) ((i + rr.nextDouble()) * (end - start) / n);
    String customer = plan.customer(rr);
    long qty = 1 + (long) (BULK_QTY.sample(rr) * 25);
    int warehouse = seller(rr);
    boolean backorder = rr.nextInt(50) == 0;
    int line = 1 + rr.nextInt(8);
    boolean returned = rr.nextInt(500) == 0;
    long returnQty = 1 + rr.nextLong(qty);
    int returnDays = 1 + rr.nextInt(20);
    return new BulkRow(ts, customer, qty, warehouse, backorder, line, returned ? returnQty : 0, returnDays);
  }

  private static int week(long ts) {
    return (int) ((ts - YEAR_START_MICROS + 6 * HOUR_MICROS) / (7 * DAY_MICROS));
  }

  // ---- helpers

  /** Picks {@code count} distinct DCs with random weights. */
  private void chooseSellers(SplittableRandom lr, int count) {
    sellers = Math.min(count, DCS);
    int[] dcs = new int[DCS];
    for (int i = 0; i < DCS; i++) {
      dcs[i] = i + 1;
    }
    for (int i = 0; i < sellers; i++) {
      int j = i + lr.nextInt(DCS - i);
      int t = dcs[i];
      dcs[i] = dcs[j];
      dcs[j] = t;
      sellAt[i] = dcs[i];
      sellWeight[i] = (i == 0 ? 0 : sellWeight[i - 1]) + 0.2 + lr.nextDouble();
    }
  }

  private int seller(SplittableRandom rr) {
    double x = rr.nextDouble() * sellWeight[sellers - 1];
    for (int i = 0; i < sellers - 1; i++) {
      if (x < sellWeight[i]) {
        return sellAt[i];
      }
    }
    return sellAt[sellers - 1];
  }

  private boolean isBig(int lot) {
    for (int b : plan.bigLots) {
      if (b == lot) {
        return true;
      }
    }
    return false;
  }

  private int expiry(int lot) {
    int e = plan.expiryDay(lot);
    return e < 0 ? Times.NO_DATE : e;
  }

  private static int dayOfYearBase() {
    return (int) (YEAR_START_MICROS / DAY_MICROS);
  }

  private static int dayOf(long micros) {
    return (int) ((micros - YEAR_START_MICROS) / DAY_MICROS);
  }

  private static long lastInstant() {
    return YEAR_START_MICROS + SynthPlan.LAST_DAY * DAY_MICROS + 23 * HOUR_MICROS;
  }

  private String orderId(int lot, int seq) {
    return SynthIds.base36("SO", SynthIds.mix48(SynthIds.key(lot, seq)), 10);
  }

  private String eventId() {
    // another bijection than the order ids', so that the two do not look alike
    return SynthIds.base36("M", SynthIds.mix48(SynthIds.key(currentLot, movementSeq++)) ^ 0x5DEECE66DL, 10);
  }

  /**
   * Unique per lot (and so per sku); within a lot, serial order is receipt order. Electronics
   * (no lot) serials start with SN, pharma serials are plain base 36 like an SGTIN serial.
   */
  private static String serial(boolean electronics, int lot, int i) {
    return SynthIds.base36(electronics ? "SN" : "", SynthIds.mix22(lot) << SynthIds.SEQ_BITS | i, 10);
  }

  private void allocation(Allocation a) throws IOException {
    allocations.write(a);
    allocationsDone.increment();
    rowsDone.increment();
  }

  private void movement(Movement m) throws IOException {
    movements.write(m);
    rowsDone.increment();
  }

  private void stock(StockPosition p) throws IOException {
    stock.write(p);
    rowsDone.increment();
  }

  @Override
  public void close() throws IOException {
    try (allocations; movements; stock; genealogy) {
      // closes all four, the first failure wins
    }
  }
}
