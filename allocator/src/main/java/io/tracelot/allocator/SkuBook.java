package io.tracelot.allocator;

import io.tracelot.allocator.model.Backorder;
import io.tracelot.allocator.model.OrderLine;
import io.tracelot.allocator.model.Sku;
import io.tracelot.allocator.model.StockPosition;
import io.tracelot.allocator.model.Times;
import io.tracelot.allocator.model.Tracking;
import io.tracelot.allocator.policy.CodePoints;
import io.tracelot.allocator.policy.EventOrder;
import io.tracelot.allocator.policy.PickOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything the allocator knows about one sku: its lots (age, expiry, hold), stock per warehouse
 * and lot kept in pick order, serial units, what customers hold (for returns) and the backorder
 * queue per warehouse. A stock index stores books; the allocator loads one, applies a batch of
 * the sku's events to it and stores it back, so the index is touched once per batch, not per event.
 */
public final class SkuBook {
  final Sku sku;
  final Comparator<Lot> pickOrder;
  final HashMap<String, Lot> lots = new HashMap<>();
  final HashMap<String, Site> sites = new HashMap<>();
  /** Serial units in stock or out with a customer; a consumed unit is forgotten. */
  final HashMap<String, Unit> units = new HashMap<>();
  /** Units of (lot, customer) shipped and not yet returned, for lot and NONE items. */
  final HashMap<Holding, Long> holdings = new HashMap<>();

  private SkuBook(Sku sku) {
    this.sku = Objects.requireNonNull(sku, "sku");
    this.pickOrder = PickOrder.of(sku.policy())::compare;
  }

  /** An empty book for a sku the index has never seen. */
  public static SkuBook create(Sku sku) {
    return new SkuBook(sku);
  }

  public Sku sku() {
    return sku;
  }

  public String skuId() {
    return sku.sku();
  }

  boolean serialTracked() {
    return sku.tracking() == Tracking.SERIAL;
  }

  Lot lotOrCreate(String code) {
    return lots.computeIfAbsent(code, Lot::new);
  }

  Site site(String warehouse) {
    return sites.computeIfAbsent(warehouse, w -> new Site(w, this));
  }

  /** Sets a lot's first expiry, keeping every warehouse's pick order right (FEFO sorts by it). */
  void setExpiry(Lot lot, int expiry) {
    List<Map.Entry<Site, Stock>> moved = new ArrayList<>();
    for (Site s : sites.values()) {
      Stock st = s.stock.remove(lot);
      if (st != null) {
        moved.add(Map.entry(s, st));
      }
    }
    lot.expiry = expiry;
    for (Map.Entry<Site, Stock> e : moved) {
      e.getKey().stock.put(lot, e.getValue());
    }
  }

  /**
   * A rough size of this book on the heap, for caches that hold decoded books within a budget:
   * objects, maps and strings of lots, stock, units, waiting lines and holdings.
   */
  public long estimatedHeapBytes() {
    long waiting = 0;
    for (Site s : sites.values()) {
      waiting += s.queue.size();
    }
    return 512 + 160L * lots.size() + 120L * sites.size() + 200L * units.size() + 220L * waiting + 120L * holdings.size();
  }

  /** Number of lots known, with or without stock. */
  public int lotCount() {
    return lots.size();
  }

  /** What is left, per (warehouse, lot), or per serial for serial items; warehouses and lots in order. */
  public List<StockPosition> stockPositions() {
    List<StockPosition> out = new ArrayList<>();
    for (Site s : sortedSites()) {
      List<Lot> lotsHere = new ArrayList<>(s.stock.keySet());
      lotsHere.sort(Comparator.comparing(Lot::lot, CodePoints.ORDER));
      for (Lot lot : lotsHere) {
        Stock st = s.stock.get(lot);
        String lotOut = lot.code.isEmpty() ? null : lot.code;
        if (st.units == null) {
          out.add(new StockPosition(skuId(), s.warehouse, lotOut, null, st.qty, lot.expiry, lot.ageTs, lot.held));
        } else {
          List<Unit> byserial = new ArrayList<>(st.units);
          byserial.sort(Comparator.comparing((Unit u) -> u.serial, CodePoints.ORDER));
          for (Unit u : byserial) {
            out.add(new StockPosition(skuId(), s.warehouse, lotOut, u.serial, 1, lot.expiry, lot.ageTs, lot.held));
          }
        }
      }
    }
    return out;
  }

  /** Lines still waiting, per warehouse in queue order. */
  public List<Backorder> openBackorders() {
    List<Backorder> out = new ArrayList<>();
    for (Site s : sortedSites()) {
      for (Waiting w : s.queue) {
        OrderLine l = w.line;
        out.add(new Backorder(l.orderId(), l.line(), l.customer(), l.sku(), l.warehouse(), l.qty(), w.open, l.ts(), l.priority()));
      }
    }
    return out;
  }

  List<Site> sortedSites() {
    List<Site> all = new ArrayList<>(sites.values());
    all.sort(Comparator.comparing((Site s) -> s.warehouse, CodePoints.ORDER));
    return all;
  }

  /** Encodes this book for a persistent index (see {@link SkuBookCodec}). */
  public byte[] encode() {
    return SkuBookCodec.encode(this);
  }

  /** Decodes a book written by {@link #encode()}; fails with a clear message on a bad or foreign blob. */
  public static SkuBook decode(byte[] bytes) {
    return SkuBookCodec.decode(bytes);
  }

  /** A lot of this sku: code, age (FIFO key), expiry and hold. */
  static final class Lot implements PickOrder.LotKey {
    final String code;
    long ageTs = Times.NO_TS;
    int expiry = Times.NO_DATE;
    boolean held;

    Lot(String code) {
      this.code = code;
    }

    @Override
    public String lot() {
      return code;
    }

    @Override
    public int expiry() {
      return expiry;
    }

    @Override
    public long ageTs() {
      return ageTs;
    }
  }

  /** One warehouse of the sku: its stock in pick order and its backorder queue. */
  static final class Site {
    final String warehouse;
    final TreeMap<Lot, Stock> stock;
    final TreeSet<Waiting> queue = new TreeSet<>((a, b) -> EventOrder.QUEUE.compare(a.line, b.line));
    /**
     * Waiting lines counted by the earliest expiry they accept (derived from the queue): a refill
     * that no waiting line can use is skipped without walking the queue.
     */
    private final TreeMap<Long, Integer> waitingByEarliest = new TreeMap<>();

    Site(String warehouse, SkuBook book) {
      this.warehouse = warehouse;
      this.stock = new TreeMap<>(book.pickOrder);
    }

    void enqueue(Waiting w) {
      queue.add(w);
      waitingByEarliest.merge(w.line.earliestAcceptableExpiry(), 1, Integer::sum);
    }

    /** Call after removing {@code w} from the queue (through the queue's iterator). */
    void dequeued(Waiting w) {
      waitingByEarliest.computeIfPresent(w.line.earliestAcceptableExpiry(), (k, n) -> n == 1 ? null : n - 1);
    }

    /** The least demanding waiting line's earliest acceptable expiry; MAX_VALUE when none waits. */
    long leastDemandingWaiting() {
      return waitingByEarliest.isEmpty() ? Long.MAX_VALUE : waitingByEarliest.firstKey();
    }

    /**
     * The latest expiry among lots here that are not held (MAX_VALUE when one has no expiry,
     * MIN_VALUE when none can be allocated): no line that needs later than this can take anything.
     */
    long freshestAllocatable() {
      long best = Long.MIN_VALUE;
      for (Lot lot : stock.keySet()) {
        if (!lot.held) {
          if (lot.expiry == Times.NO_DATE) {
            return Long.MAX_VALUE;
          }
          best = Math.max(best, lot.expiry);
        }
      }
      return best;
    }

    Stock stockOrCreate(Lot lot, boolean serial) {
      Stock st = stock.get(lot);
      if (st == null) {
        st = new Stock(lot, this, serial);
        stock.put(lot, st);
      }
      return st;
    }

    long onHand(Lot lot) {
      Stock st = lot == null ? null : stock.get(lot);
      return st == null ? 0 : st.qty;
    }
  }

  /**
   * Units of one lot at one warehouse; for serial items also the units themselves, in pick order.
   * It knows its lot and warehouse, so that {@link AllocationAudit} can check where units come
   * from without a lookup in the pick-order tree.
   */
  static final class Stock {
    long qty;
    final TreeSet<Unit> units;
    final Lot lot;
    final Site site;

    Stock(Lot lot, Site site, boolean serial) {
      this.lot = lot;
      this.site = site;
      this.units = serial ? new TreeSet<>(Unit.PICK_ORDER) : null;
    }
  }

  /** A serial unit. In stock it has a warehouse and the ts it entered it; shipped, a customer. */
  static final class Unit {
    /** Within a lot: entered stock at that warehouse first, then serial. */
    static final Comparator<Unit> PICK_ORDER =
        (a, b) -> {
          int c = Long.compare(a.enteredTs, b.enteredTs);
          return c != 0 ? c : CodePoints.compare(a.serial, b.serial);
        };

    final String serial;
    String lot;
    String warehouse;
    long enteredTs;
    String customer;

    Unit(String serial) {
      this.serial = serial;
    }

    boolean inStockAt(String w) {
      return warehouse != null && warehouse.equals(w);
    }
  }

  /** An order line waiting in a warehouse's backorder queue, with what it still lacks. */
  static final class Waiting {
    final OrderLine line;
    long open;

    Waiting(OrderLine line, long open) {
      this.line = line;
      this.open = open;
    }
  }

  /** (lot, customer): key of what a customer holds of a lot. */
  record Holding(String lot, String customer) {}
}
