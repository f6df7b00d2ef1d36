package io.tracelot.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelot.allocator.index.OnHeapStockIndex;
import io.tracelot.allocator.index.StockIndex;
import io.tracelot.allocator.index.chronicle.ChronicleStockIndex;
import io.tracelot.allocator.model.Allocation;
import io.tracelot.allocator.model.Backorder;
import io.tracelot.allocator.model.InputEvent;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.MovementType;
import io.tracelot.allocator.model.OrderLine;
import io.tracelot.allocator.model.Policy;
import io.tracelot.allocator.model.Reject;
import io.tracelot.allocator.model.RowOrder;
import io.tracelot.allocator.model.Sku;
import io.tracelot.allocator.model.StockPosition;
import io.tracelot.allocator.model.Times;
import io.tracelot.allocator.model.Tracking;
import io.tracelot.allocator.policy.EventOrder;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of seeded random histories, each run four ways: the naive {@link SpecModel}, the
 * allocator on the on-heap index in one batch per sku, the allocator on the on-heap index one
 * event per batch, and the allocator on the Chronicle index (behind a small write-back cache that
 * evicts all the time) in random batches with a close and reopen at a random point. All must give the same rows, and conservation must hold per lot. A
 * failure names the seed and prints the history shrunk to the fewest events that still fail.
 *
 * <p>{@code -Dtracelot.diff.seed=N -Dtracelot.diff.cases=M} replays or widens the search.
 */
class DifferentialTest {
  private static final long BASE_SEED = Long.getLong("tracelot.diff.seed", 20261121L);
  private static final int CASES = Integer.getInteger("tracelot.diff.cases", 3000);
  private static final long T0 = Times.startOf(LocalDate.of(2026, 11, 20));
  private static final int DAY0 = (int) LocalDate.of(2026, 11, 20).toEpochDay();

  @TempDir Path dir;

  record Case(long seed, Map<String, Sku> skus, List<InputEvent> events) {
    Case without(Set<Integer> drop) {
      List<InputEvent> kept = new ArrayList<>();
      for (int i = 0; i < events.size(); i++) {
        if (!drop.contains(i)) {
          kept.add(events.get(i));
        }
      }
      return new Case(seed, skus, kept);
    }

    String render() {
      StringBuilder b = new StringBuilder("seed " + seed + ", skus " + skus.values() + ":\n");
      List<InputEvent> sorted = new ArrayList<>(events);
      sorted.sort((x, y) -> EventOrder.compare(x.event(), y.event()));
      sorted.forEach(e -> b.append("  ").append(e.event()).append('\n'));
      return b.toString();
    }
  }

  @Test
  void randomHistories_allocatorEqualsSpecModel_inAnyBatching_onEitherIndex_acrossReopen() {
    ChronicleStockIndex.Builder[] chronicle = {ChronicleStockIndex.builder(dir.resolve("diff.cm")).expectedSkus(4 * CASES).expectedLots(20L * CASES).cacheBytes(8_000)};
    StockIndex[] shared = {chronicle[0].open()};
    try {
      for (int i = 0; i < CASES; i++) {
        Case c = randomCase(BASE_SEED + i);
        boolean reopen = i % 10 == 0; // a reopen costs milliseconds; every tenth case crosses one
        String problem = mismatch(c, shared, chronicle[0], reopen);
        if (problem != null) {
          // each shrink attempt gets a fresh index: the shared one holds the failed attempt's books
          int[] attempt = {0};
          Predicate<Case> fails = x -> {
            shared[0].close();
            chronicle[0] = ChronicleStockIndex.builder(dir.resolve("shrink-" + attempt[0]++ + ".cm")).expectedSkus(8).expectedLots(64).cacheBytes(8_000);
            shared[0] = chronicle[0].open();
            return mismatch(x, shared, chronicle[0], reopen) != null;
          };
          Case small = shrink(c, fails);
          fails.test(small);
          throw new AssertionError("differential failure, seed " + c.seed() + ": " + problem
              + "\nshrunk to " + small.events().size() + " events:\n" + small.render());
        }
      }
    } finally {
      shared[0].close();
    }
  }

  /** Null when all executions agree and conservation holds; else what differs. */
  private String mismatch(Case c, StockIndex[] chronicleIndex, ChronicleStockIndex.Builder chronicle, boolean reopen) {
    try {
      SpecModel model = new SpecModel(c.skus());
      model.run(c.events());
      Outcome expected = new Outcome(model.allocations, model.accepted, model.rejects, model.stock(), model.backorders());

      Outcome oneBatch = runEngine(c, new OnHeapStockIndex(), 1, null, -1);
      String d = expected.diff(oneBatch, "one batch per sku");
      if (d != null) {
        return d;
      }
      Outcome perEvent = runEngine(c, new OnHeapStockIndex(), Integer.MAX_VALUE, null, -1);
      d = expected.diff(perEvent, "one event per batch");
      if (d != null) {
        return d;
      }
      SplittableRandom r = new SplittableRandom(c.seed() * 31 + 7);
      Outcome persisted = runEngine(c, chronicleIndex[0], 1 + r.nextInt(6), reopen ? () -> {
        chronicleIndex[0].close();
        chronicleIndex[0] = chronicle.open();
        return chronicleIndex[0];
      } : null, reopen ? r.nextInt(Math.max(1, c.events().size())) : -1);
      d = expected.diff(persisted, "Chronicle index, random batches" + (reopen ? ", reopened" : ""));
      if (d != null) {
        return d;
      }
      return conservation(oneBatch);
    } catch (RuntimeException | AssertionError e) {
      return "exception " + e;
    }
  }

  interface Reopen {
    StockIndex reopen();
  }

  /**
   * Runs the allocator with each sku's events cut into {@code batches} consecutive batches
   * (MAX_VALUE: one event each); after the {@code reopenAfter}-th event the index is reopened.
   */
  private static Outcome runEngine(Case c, StockIndex start, int batches, Reopen reopen, int reopenAfter) {
    ReferenceAllocation.Collector out = new ReferenceAllocation.Collector();
    StockIndex index = start;
    Map<String, List<InputEvent>> bySku = new LinkedHashMap<>();
    for (InputEvent e : c.events()) {
      bySku.computeIfAbsent(e.sku(), s -> new ArrayList<>()).add(e);
    }
    int applied = 0;
    // interleave skus batch by batch, as a streaming job would
    Map<String, List<List<InputEvent>>> cut = new LinkedHashMap<>();
    int rounds = 0;
    for (Map.Entry<String, List<InputEvent>> e : bySku.entrySet()) {
      List<InputEvent> sorted = new ArrayList<>(e.getValue());
      sorted.sort((x, y) -> EventOrder.compare(x.event(), y.event()));
      int n = Math.min(batches, sorted.size());
      List<List<InputEvent>> parts = new ArrayList<>();
      for (int p = 0; p < n; p++) {
        parts.add(sorted.subList(p * sorted.size() / n, (p + 1) * sorted.size() / n));
      }
      cut.put(e.getKey(), parts);
      rounds = Math.max(rounds, n);
    }
    Set<String> touched = new HashSet<>();
    for (int round = 0; round < rounds; round++) {
      for (Map.Entry<String, List<List<InputEvent>>> e : cut.entrySet()) {
        if (round < e.getValue().size()) {
          List<InputEvent> batch = e.getValue().get(round);
          new Allocator(index, out).apply(c.skus().get(e.getKey()), batch);
          touched.add(e.getKey());
          applied += batch.size();
          if (reopen != null && reopenAfter >= 0 && applied > reopenAfter) {
            index = reopen.reopen();
            reopenAfter = -1;
          }
        }
      }
    }
    List<StockPosition> stock = new ArrayList<>();
    List<Backorder> backorders = new ArrayList<>();
    for (String sku : touched) {
      SkuBook book = index.load(sku);
      stock.addAll(book.stockPositions());
      backorders.addAll(book.openBackorders());
    }
    if (start instanceof OnHeapStockIndex) {
      index.close();
    }
    return new Outcome(out.allocations, out.movements, out.rejects, stock, backorders);
  }

  record Outcome(List<Allocation> allocations, List<Movement> movements, List<Reject> rejects, List<StockPosition> stock, List<Backorder> backorders) {
    Outcome {
      allocations = sorted(allocations, RowOrder.ALLOCATIONS);
      movements = sorted(movements, RowOrder.MOVEMENTS);
      rejects = sorted(rejects, RowOrder.REJECTS);
      stock = sorted(stock, RowOrder.STOCK);
      backorders = sorted(backorders, RowOrder.BACKORDERS);
    }

    private static <T> List<T> sorted(List<T> rows, java.util.Comparator<? super T> order) {
      List<T> copy = new ArrayList<>(rows);
      copy.sort(order);
      return copy;
    }

    String diff(Outcome other, String how) {
      String d = first("allocations", allocations, other.allocations);
      d = d != null ? d : first("movements", movements, other.movements);
      d = d != null ? d : first("rejects", rejects.stream().map(r -> r.recordId() + " " + r.reason()).toList(), other.rejects.stream().map(r -> r.recordId() + " " + r.reason()).toList());
      d = d != null ? d : first("stock", stock, other.stock);
      d = d != null ? d : first("backorders", backorders, other.backorders);
      return d == null ? null : how + ": " + d;
    }

    private static String first(String table, List<?> expected, List<?> actual) {
      for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
        Object e = i < expected.size() ? expected.get(i) : null;
        Object a = i < actual.size() ? actual.get(i) : null;
        if (!Objects.equals(e, a)) {
          return table + " row " + i + ": model " + e + " / allocator " + a;
        }
      }
      return null;
    }
  }

  /** The run-level invariants (conservation per lot, serials in one place) on the allocator's output. */
  private static String conservation(Outcome o) {
    Invariants inv = new Invariants();
    o.movements().forEach(inv::movement);
    o.allocations().forEach(inv::allocation);
    o.stock().forEach(inv::stock);
    return inv.allHold() ? null : "invariants broken: " + inv.results();
  }

  /** Greedy delta debugging: drop chunks of events, halving the chunk, while the case still fails. */
  static Case shrink(Case c, Predicate<Case> fails) {
    Case current = c;
    for (int chunk = Math.max(1, current.events().size() / 2); chunk >= 1; chunk /= 2) {
      boolean progress = true;
      while (progress) {
        progress = false;
        for (int from = 0; from < current.events().size(); from += chunk) {
          Set<Integer> drop = new HashSet<>();
          for (int i = from; i < Math.min(current.events().size(), from + chunk); i++) {
            drop.add(i);
          }
          Case smaller = current.without(drop);
          if (fails.test(smaller)) {
            current = smaller;
            progress = true;
            break;
          }
        }
      }
    }
    return current;
  }

  /** A small random history: a couple of skus, few lots, warehouses and serials, many equal ts. */
  static Case randomCase(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Map<String, Sku> skus = new LinkedHashMap<>();
    int nSkus = 1 + r.nextInt(2);
    for (int i = 0; i < nSkus; i++) {
      String id = "c" + seed + "-" + (char) ('A' + i);
      skus.put(id, new Sku(id, Tracking.values()[r.nextInt(3)], Policy.values()[r.nextInt(3)], null, null));
    }
    List<Sku> skuList = new ArrayList<>(skus.values());
    List<InputEvent> events = new ArrayList<>();
    int n = 5 + r.nextInt(50);
    Set<String> orderLines = new HashSet<>();
    for (int i = 0; i < n; i++) {
      Sku sku = skuList.get(r.nextInt(skuList.size()));
      long ts = T0 + r.nextInt(12) * 3_600_000_000L;
      String wh = "W" + (1 + r.nextInt(2 + r.nextInt(2)));
      if (r.nextInt(100) < 35) {
        String order = "O" + r.nextInt(6);
        long line = 1 + r.nextInt(3);
        if (!orderLines.add(order + ":" + line)) {
          continue;
        }
        int ship = DAY0 + (r.nextInt(4) == 0 ? r.nextInt(40) : 0);
        events.add(new InputEvent(new OrderLine(order, line, ts, "C" + (1 + r.nextInt(3)), sku.sku(), 1 + r.nextInt(8), wh, ship,
            r.nextInt(3) == 0 ? 30 : 0, r.nextInt(3) == 0 ? 10 : 100), "orders.csv", i + 2, null));
        continue;
      }
      events.add(new InputEvent(randomMovement(r, sku, "e" + String.format("%03d", r.nextInt(1000)) + "-" + i, ts, wh), "movements.csv", i + 2, null));
    }
    return new Case(seed, skus, events);
  }

  private static Movement randomMovement(SplittableRandom r, Sku sku, String id, long ts, String wh) {
    int roll = r.nextInt(100);
    MovementType type = roll < 30 ? MovementType.RECEIPT : roll < 35 ? MovementType.PRODUCE : roll < 47 ? MovementType.CONSUME
        : roll < 59 ? MovementType.TRANSFER : roll < 69 ? MovementType.ADJUST : roll < 82 ? MovementType.RETURN
        : roll < 91 ? MovementType.HOLD : MovementType.RELEASE;
    boolean serial = sku.tracking() == Tracking.SERIAL;
    String lot = switch (sku.tracking()) {
      case NONE -> null;
      case LOT -> "L" + (1 + r.nextInt(3));
      case SERIAL -> r.nextInt(3) == 0 ? null : "L" + (1 + r.nextInt(2));
    };
    String sn = serial && !type.isHoldOrRelease() ? "S" + (1 + r.nextInt(6)) : null;
    int[] expiries = {Times.NO_DATE, DAY0 - 1, DAY0, DAY0 + 5, DAY0 + 30, DAY0 + 200};
    int expiry = expiries[r.nextInt(expiries.length)];
    long qty = serial ? 1 : 1 + r.nextInt(9);
    if (type.isHoldOrRelease()) {
      return new Movement(id, ts, type, sku.sku(), lot, null, 0, null, null, Times.NO_DATE, null, null);
    }
    if (type == MovementType.ADJUST && r.nextBoolean()) {
      qty = -qty;
    }
    boolean adds = type == MovementType.RECEIPT || type == MovementType.PRODUCE || (type == MovementType.ADJUST && qty > 0);
    String to = type == MovementType.TRANSFER ? (wh.equals("W1") ? "W2" : "W1") : null;
    String party = type == MovementType.RECEIPT ? "SUP" : type == MovementType.RETURN ? "C" + (1 + r.nextInt(3)) : null;
    String ref = type == MovementType.PRODUCE || type == MovementType.CONSUME ? "WO" + r.nextInt(3) : null;
    return new Movement(id, ts, type, sku.sku(), lot, sn, qty, wh, to, adds ? expiry : Times.NO_DATE, party, ref);
  }

  @Test
  void shrink_findsASmallFailingCase() {
    Case c = randomCase(42);
    int target = c.events().size() / 2;
    InputEvent culprit = c.events().get(target);
    Case small = shrink(c, x -> x.events().contains(culprit));
    assertThat(small.events()).containsExactly(culprit);
  }
}
