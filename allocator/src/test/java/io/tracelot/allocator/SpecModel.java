package io.tracelot.allocator;

import io.tracelot.allocator.model.Allocation;
import io.tracelot.allocator.model.Backorder;
import io.tracelot.allocator.model.Fill;
import io.tracelot.allocator.model.InputEvent;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.MovementType;
import io.tracelot.allocator.model.OrderLine;
import io.tracelot.allocator.model.Policy;
import io.tracelot.allocator.model.Reject;
import io.tracelot.allocator.model.RejectReason;
import io.tracelot.allocator.model.Sku;
import io.tracelot.allocator.model.StockPosition;
import io.tracelot.allocator.model.Times;
import io.tracelot.allocator.model.Tracking;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A second, deliberately naive reading of allocation.md, written apart from the allocator: flat
 * maps, eligible stock recomputed and sorted for every line, one global queue scanned in full. It
 * is slow and obvious; the differential test holds the real allocator to it.
 */
final class SpecModel {
  private final Map<String, Sku> skus;
  private final Map<List<String>, long[]> lotAge = new HashMap<>(); // (sku, lot) -> {ageTs}
  private final Map<List<String>, int[]> lotExpiry = new HashMap<>();
  private final Map<List<String>, Boolean> lotHeld = new HashMap<>();
  private final Map<List<String>, Long> onHand = new HashMap<>(); // (sku, wh, lot)
  private final Map<List<String>, Serial> serials = new HashMap<>(); // (sku, serial)
  private final Map<List<String>, Long> shipped = new HashMap<>(); // (sku, lot, customer)
  private final List<Waiting> queue = new ArrayList<>();
  final List<Allocation> allocations = new ArrayList<>();
  final List<Movement> accepted = new ArrayList<>();
  final List<Reject> rejects = new ArrayList<>();

  private static final class Serial {
    String lot;
    String wh; // null when not in stock
    long entered;
    String customer; // non-null when out with a customer
  }

  private static final class Waiting {
    final OrderLine line;
    long open;

    Waiting(OrderLine line, long open) {
      this.line = line;
      this.open = open;
    }
  }

  SpecModel(Map<String, Sku> skus) {
    this.skus = skus;
  }

  static int cp(String a, String b) {
    return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  }

  void run(List<InputEvent> events) {
    List<InputEvent> sorted = new ArrayList<>(events);
    sorted.sort((x, y) -> {
      SkuEvent a = new SkuEvent(x);
      SkuEvent b = new SkuEvent(y);
      if (a.ts != b.ts) {
        return Long.compare(a.ts, b.ts);
      }
      if (a.isMove != b.isMove) {
        return a.isMove ? -1 : 1;
      }
      if (a.isMove) {
        return cp(((Movement) x.event()).eventId(), ((Movement) y.event()).eventId());
      }
      OrderLine p = (OrderLine) x.event();
      OrderLine q = (OrderLine) y.event();
      if (p.priority() != q.priority()) {
        return Integer.compare(p.priority(), q.priority());
      }
      int c = cp(p.orderId(), q.orderId());
      return c != 0 ? c : Long.compare(p.line(), q.line());
    });
    for (InputEvent e : sorted) {
      if (e.event() instanceof Movement m) {
        move(e, m);
      } else {
        OrderLine l = (OrderLine) e.event();
        long got = take(l, l.qty(), l.ts(), Fill.INITIAL);
        if (got < l.qty()) {
          queue.add(new Waiting(l, l.qty() - got));
        }
      }
    }
  }

  private record SkuEvent(long ts, boolean isMove) {
    SkuEvent(InputEvent e) {
      this(e.event().ts(), e.event() instanceof Movement);
    }
  }

  private boolean serial(String sku) {
    return skus.get(sku).tracking() == Tracking.SERIAL;
  }

  private String lotOf(Movement m) {
    return m.lot() == null ? "" : m.lot();
  }

  private void move(InputEvent e, Movement m) {
    String sku = m.sku();
    boolean ser = serial(sku);
    Serial s = ser && m.serial() != null ? serials.get(List.of(sku, m.serial())) : null;
    long qty = Math.abs(m.qty());
    switch (m.type()) {
      case RECEIPT, PRODUCE, ADJUST -> {
        if (m.type() == MovementType.ADJUST && m.qty() < 0) {
          if (ser ? (s == null || !m.warehouse().equals(s.wh)) : have(sku, m.warehouse(), lotOf(m)) < qty) {
            reject(e, RejectReason.INSUFFICIENT_STOCK);
            return;
          }
          if (ser) {
            serials.remove(List.of(sku, m.serial()));
            accepted.add(m.withLot(out(s.lot)));
          } else {
            onHand.merge(List.of(sku, m.warehouse(), lotOf(m)), -qty, Long::sum);
            accepted.add(m);
          }
          return;
        }
        if (ser && s != null) {
          reject(e, RejectReason.DUPLICATE_SERIAL);
          return;
        }
        List<String> lot = List.of(sku, lotOf(m));
        int[] exp = lotExpiry.get(lot);
        if (m.expiry() != Times.NO_DATE && exp != null && exp[0] != m.expiry()) {
          reject(e, RejectReason.EXPIRY_MISMATCH);
          return;
        }
        lotAge.putIfAbsent(lot, new long[] {m.ts()});
        if (m.expiry() != Times.NO_DATE) {
          lotExpiry.putIfAbsent(lot, new int[] {m.expiry()});
        }
        if (ser) {
          Serial n = new Serial();
          n.lot = lotOf(m);
          n.wh = m.warehouse();
          n.entered = m.ts();
          serials.put(List.of(sku, m.serial()), n);
        } else {
          onHand.merge(List.of(sku, m.warehouse(), lotOf(m)), qty, Long::sum);
        }
        accepted.add(m);
        refill(sku, m.warehouse(), m.ts());
      }
      case CONSUME -> {
        String lot = ser ? (s == null ? null : s.lot) : lotOf(m);
        if (ser ? (s == null || !m.warehouse().equals(s.wh)) : have(sku, m.warehouse(), lot) < qty) {
          reject(e, RejectReason.INSUFFICIENT_STOCK);
          return;
        }
        if (held(sku, lot)) {
          reject(e, RejectReason.LOT_HELD);
          return;
        }
        if (ser) {
          serials.remove(List.of(sku, m.serial()));
          accepted.add(m.withLot(out(lot)));
        } else {
          onHand.merge(List.of(sku, m.warehouse(), lot), -qty, Long::sum);
          accepted.add(m);
        }
      }
      case TRANSFER -> {
        if (ser ? (s == null || !m.warehouse().equals(s.wh)) : have(sku, m.warehouse(), lotOf(m)) < qty) {
          reject(e, RejectReason.INSUFFICIENT_STOCK);
          return;
        }
        if (ser) {
          s.wh = m.toWarehouse();
          s.entered = m.ts();
          accepted.add(m.withLot(out(s.lot)));
        } else {
          onHand.merge(List.of(sku, m.warehouse(), lotOf(m)), -qty, Long::sum);
          onHand.merge(List.of(sku, m.toWarehouse(), lotOf(m)), qty, Long::sum);
          accepted.add(m);
        }
        refill(sku, m.toWarehouse(), m.ts());
      }
      case RETURN -> {
        if (ser) {
          if (s == null || !m.party().equals(s.customer)) {
            reject(e, RejectReason.UNKNOWN_SERIAL);
            return;
          }
          s.customer = null;
          s.wh = m.warehouse();
          s.entered = m.ts();
          accepted.add(m.withLot(out(s.lot)));
        } else {
          List<String> key = List.of(sku, lotOf(m), m.party());
          if (shipped.getOrDefault(key, 0L) < qty) {
            reject(e, RejectReason.INSUFFICIENT_STOCK);
            return;
          }
          shipped.merge(key, -qty, Long::sum);
          onHand.merge(List.of(sku, m.warehouse(), lotOf(m)), qty, Long::sum);
          accepted.add(m);
        }
        refill(sku, m.warehouse(), m.ts());
      }
      case HOLD -> {
        lotHeld.put(List.of(sku, lotOf(m)), true);
        accepted.add(m);
      }
      case RELEASE -> {
        accepted.add(m);
        if (held(sku, lotOf(m))) {
          lotHeld.put(List.of(sku, lotOf(m)), false);
          for (String wh : warehousesWithStock(sku, lotOf(m))) {
            refill(sku, wh, m.ts());
          }
        }
      }
    }
  }

  private static String out(String lot) {
    return lot.isEmpty() ? null : lot;
  }

  private List<String> warehousesWithStock(String sku, String lot) {
    List<String> whs = new ArrayList<>();
    onHand.forEach((k, q) -> {
      if (q > 0 && k.get(0).equals(sku) && k.get(2).equals(lot) && !whs.contains(k.get(1))) {
        whs.add(k.get(1));
      }
    });
    serials.forEach((k, s) -> {
      if (k.get(0).equals(sku) && s.wh != null && s.lot.equals(lot) && !whs.contains(s.wh)) {
        whs.add(s.wh);
      }
    });
    return whs;
  }

  private boolean held(String sku, String lot) {
    return lotHeld.getOrDefault(List.of(sku, lot), false);
  }

  private long have(String sku, String wh, String lot) {
    return onHand.getOrDefault(List.of(sku, wh, lot), 0L);
  }

  private void refill(String sku, String wh, long ts) {
    List<Waiting> mine = new ArrayList<>();
    for (Waiting w : queue) {
      if (w.line.sku().equals(sku) && w.line.warehouse().equals(wh)) {
        mine.add(w);
      }
    }
    mine.sort(Comparator.<Waiting>comparingInt(w -> w.line.priority())
        .thenComparingLong(w -> w.line.ts())
        .thenComparing((a, b) -> cp(a.line.orderId(), b.line.orderId()))
        .thenComparingLong(w -> w.line.line()));
    for (Waiting w : mine) {
      w.open -= take(w.line, w.open, ts, Fill.BACKORDER);
      if (w.open == 0) {
        queue.remove(w);
      }
    }
  }

  /** A pickable thing: a lot's units at a warehouse, or one serial. */
  private record Candidate(String lot, String serial, long qty, long age, int expiry, long entered) {}

  private long take(OrderLine l, long want, long ts, Fill fill) {
    String sku = l.sku();
    Policy policy = skus.get(sku).policy();
    List<Candidate> cands = new ArrayList<>();
    if (serial(sku)) {
      serials.forEach((k, s) -> {
        if (k.get(0).equals(sku) && l.warehouse().equals(s.wh)) {
          cands.add(new Candidate(s.lot, k.get(1), 1, lotAge.get(List.of(sku, s.lot))[0], expiry(sku, s.lot), s.entered));
        }
      });
    } else {
      onHand.forEach((k, q) -> {
        if (q > 0 && k.get(0).equals(sku) && k.get(1).equals(l.warehouse())) {
          cands.add(new Candidate(k.get(2), null, q, lotAge.get(List.of(sku, k.get(2)))[0], expiry(sku, k.get(2)), 0));
        }
      });
    }
    cands.removeIf(c -> held(sku, c.lot) || (c.expiry != Times.NO_DATE && c.expiry < (long) l.shipDate() + l.minShelfDays()));
    Comparator<Candidate> byLot = switch (policy) {
      case FEFO -> Comparator.<Candidate>comparingLong(c -> c.expiry == Times.NO_DATE ? Long.MAX_VALUE : c.expiry)
          .thenComparingLong(c -> c.age).thenComparing((a, b) -> cp(a.lot, b.lot));
      case FIFO -> Comparator.<Candidate>comparingLong(c -> c.age).thenComparing((a, b) -> cp(a.lot, b.lot));
      case LIFO -> Comparator.<Candidate>comparingLong(c -> -c.age).thenComparing((a, b) -> cp(a.lot, b.lot));
    };
    cands.sort(byLot.thenComparingLong(c -> c.entered).thenComparing((a, b) -> a.serial == null ? 0 : cp(a.serial, b.serial)));
    long got = 0;
    for (Candidate c : cands) {
      if (got == want) {
        break;
      }
      long n = Math.min(c.qty, want - got);
      got += n;
      if (c.serial != null) {
        Serial s = serials.get(List.of(sku, c.serial));
        s.wh = null;
        s.customer = l.customer();
      } else {
        onHand.merge(List.of(sku, l.warehouse(), c.lot), -n, Long::sum);
        shipped.merge(List.of(sku, c.lot, l.customer()), n, Long::sum);
      }
      allocations.add(new Allocation(l.orderId(), l.line(), l.customer(), sku, l.warehouse(), out(c.lot), c.serial, n, c.expiry, ts, fill));
    }
    return got;
  }

  private int expiry(String sku, String lot) {
    int[] e = lotExpiry.get(List.of(sku, lot));
    return e == null ? Times.NO_DATE : e[0];
  }

  private void reject(InputEvent e, RejectReason reason) {
    rejects.add(e.reject(reason, "model"));
  }

  List<StockPosition> stock() {
    List<StockPosition> out = new ArrayList<>();
    onHand.forEach((k, q) -> {
      if (q > 0) {
        List<String> lot = List.of(k.get(0), k.get(2));
        out.add(new StockPosition(k.get(0), k.get(1), out(k.get(2)), null, q, expiry(k.get(0), k.get(2)), lotAge.get(lot)[0], held(k.get(0), k.get(2))));
      }
    });
    serials.forEach((k, s) -> {
      if (s.wh != null) {
        out.add(new StockPosition(k.get(0), s.wh, out(s.lot), k.get(1), 1, expiry(k.get(0), s.lot), lotAge.get(List.of(k.get(0), s.lot))[0], held(k.get(0), s.lot)));
      }
    });
    return out;
  }

  List<Backorder> backorders() {
    return queue.stream().map(w -> new Backorder(w.line.orderId(), w.line.line(), w.line.customer(), w.line.sku(), w.line.warehouse(),
        w.line.qty(), w.open, w.line.ts(), w.line.priority())).toList();
  }
}
