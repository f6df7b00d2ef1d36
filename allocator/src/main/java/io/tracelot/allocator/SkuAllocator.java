package io.tracelot.allocator;

import static io.tracelot.allocator.model.RejectReason.BAD_VALUE;
import static io.tracelot.allocator.model.RejectReason.DUPLICATE_SERIAL;
import static io.tracelot.allocator.model.RejectReason.EXPIRY_MISMATCH;
import static io.tracelot.allocator.model.RejectReason.INSUFFICIENT_STOCK;
import static io.tracelot.allocator.model.RejectReason.LOT_HELD;
import static io.tracelot.allocator.model.RejectReason.UNKNOWN_SERIAL;

import io.tracelot.allocator.SkuBook.Holding;
import io.tracelot.allocator.SkuBook.Lot;
import io.tracelot.allocator.SkuBook.Site;
import io.tracelot.allocator.SkuBook.Stock;
import io.tracelot.allocator.SkuBook.Unit;
import io.tracelot.allocator.SkuBook.Waiting;
import io.tracelot.allocator.model.Allocation;
import io.tracelot.allocator.model.Fill;
import io.tracelot.allocator.model.InputEvent;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.OrderLine;
import io.tracelot.allocator.model.RejectReason;
import io.tracelot.allocator.model.Times;
import java.util.Iterator;
import java.util.Map;

/**
 * Applies the stock rules of allocation.md to one sku's book, one event at a time, in the order
 * the caller gives (the caller sorts by {@link io.tracelot.allocator.policy.EventOrder}). Row
 * rules (missing fields, bad values, unknown skus, tracking, duplicates) are checked before an
 * event gets here. Every allocation passes {@link AllocationAudit} before the book changes. Not
 * final only so that tests can plant a picking bug ({@link #eligible}).
 */
class SkuAllocator {
  private final SkuBook book;
  private final AllocationOutput out;
  private final boolean serial;

  SkuAllocator(SkuBook book, AllocationOutput out) {
    this.book = book;
    this.out = out;
    this.serial = book.serialTracked();
  }

  void apply(InputEvent e) {
    if (e.event() instanceof Movement m) {
      move(m, e);
    } else {
      allocate((OrderLine) e.event());
    }
  }

  /** Applies a movement, or reports it rejected with the first stock rule it breaks. */
  private void move(Movement m, InputEvent e) {
    switch (m.type()) {
      case RECEIPT, PRODUCE -> add(m, e);
      case ADJUST -> {
        if (m.qty() > 0) {
          add(m, e);
        } else {
          remove(m, e, false);
        }
      }
      case CONSUME -> remove(m, e, true);
      case TRANSFER -> transfer(m, e);
      case RETURN -> giveBack(m, e);
      case HOLD -> {
        book.lotOrCreate(m.lotKey()).held = true;
        out.accepted(m);
      }
      case RELEASE -> release(m);
    }
  }

  private void add(Movement m, InputEvent e) {
    String lotCode = m.lotKey();
    Unit unit = null;
    if (serial) {
      unit = book.units.get(m.serial());
      if (unit != null) {
        reject(e, DUPLICATE_SERIAL, "serial " + m.serial() + " is already " + (unit.warehouse != null ? "in stock at " + unit.warehouse : "out with customer " + unit.customer));
        return;
      }
    }
    Lot lot = book.lots.get(lotCode);
    if (lot != null && m.expiry() != Times.NO_DATE && lot.expiry != Times.NO_DATE && lot.expiry != m.expiry()) {
      reject(e, EXPIRY_MISMATCH, "lot " + lotCode + " expires " + Times.formatDate(lot.expiry) + ", row says " + Times.formatDate(m.expiry()));
      return;
    }
    Site site = book.site(m.warehouse());
    long qty = Math.abs(m.qty());
    if (site.onHand(lot) > Long.MAX_VALUE - qty) {
      reject(e, BAD_VALUE, "on-hand quantity of lot " + lotCode + " at " + m.warehouse() + " would overflow");
      return;
    }
    lot = book.lotOrCreate(lotCode);
    if (lot.ageTs == Times.NO_TS) {
      lot.ageTs = m.ts(); // no stock anywhere yet, so the lot is in no pick order to fix
    }
    if (lot.expiry == Times.NO_DATE && m.expiry() != Times.NO_DATE) {
      book.setExpiry(lot, m.expiry());
    }
    Stock st = site.stockOrCreate(lot, serial);
    if (serial) {
      unit = new Unit(m.serial());
      unit.lot = lotCode;
      putInStock(unit, site, st, m.ts());
    } else {
      st.qty += qty;
    }
    out.accepted(m);
    refill(site, m.ts());
  }

  /** CONSUME (hold checked) or negative ADJUST (hold not checked). */
  private void remove(Movement m, InputEvent e, boolean holdMatters) {
    Site site = book.sites.get(m.warehouse());
    if (serial) {
      Unit unit = unitInStock(m, e);
      if (unit == null) {
        return;
      }
      Lot lot = book.lots.get(unit.lot);
      if (holdMatters && lot.held) {
        reject(e, LOT_HELD, "lot " + unit.lot + " is held");
        return;
      }
      takeOutOfStock(unit, site, lot);
      book.units.remove(unit.serial);
      out.accepted(m.withLot(lotOut(unit.lot)));
      return;
    }
    Lot lot = book.lots.get(m.lotKey());
    long qty = Math.abs(m.qty());
    long onHand = site == null ? 0 : site.onHand(lot);
    if (onHand < qty) {
      reject(e, INSUFFICIENT_STOCK, "wanted " + qty + " of lot " + m.lotKey() + " at " + m.warehouse() + ", on hand " + onHand);
      return;
    }
    if (holdMatters && lot.held) {
      reject(e, LOT_HELD, "lot " + m.lotKey() + " is held");
      return;
    }
    subtract(site, lot, qty);
    out.accepted(m);
  }

  private void transfer(Movement m, InputEvent e) {
    Site from = book.sites.get(m.warehouse());
    Site to = book.site(m.toWarehouse());
    if (serial) {
      Unit unit = unitInStock(m, e);
      if (unit == null) {
        return;
      }
      Lot lot = book.lots.get(unit.lot);
      takeOutOfStock(unit, from, lot);
      putInStock(unit, to, to.stockOrCreate(lot, true), m.ts());
      out.accepted(m.withLot(lotOut(unit.lot)));
    } else {
      Lot lot = book.lots.get(m.lotKey());
      long onHand = from == null ? 0 : from.onHand(lot);
      if (onHand < m.qty()) {
        reject(e, INSUFFICIENT_STOCK, "wanted " + m.qty() + " of lot " + m.lotKey() + " at " + m.warehouse() + ", on hand " + onHand);
        return;
      }
      subtract(from, lot, m.qty());
      to.stockOrCreate(lot, false).qty += m.qty();
      out.accepted(m);
    }
    refill(to, m.ts());
  }

  private void giveBack(Movement m, InputEvent e) {
    String customer = m.party();
    Site site = book.site(m.warehouse());
    if (serial) {
      Unit unit = book.units.get(m.serial());
      if (unit == null || unit.customer == null || !unit.customer.equals(customer)) {
        reject(e, UNKNOWN_SERIAL, "serial " + m.serial() + " is not out with customer " + customer);
        return;
      }
      Lot lot = book.lots.get(unit.lot);
      unit.customer = null;
      putInStock(unit, site, site.stockOrCreate(lot, true), m.ts());
      out.accepted(m.withLot(lotOut(unit.lot)));
    } else {
      Holding key = new Holding(m.lotKey(), customer);
      long held = book.holdings.getOrDefault(key, 0L);
      if (held < m.qty()) {
        reject(e, INSUFFICIENT_STOCK, "customer " + customer + " holds " + held + " of lot " + m.lotKey() + ", returns " + m.qty());
        return;
      }
      if (held == m.qty()) {
        book.holdings.remove(key);
      } else {
        book.holdings.put(key, held - m.qty());
      }
      site.stockOrCreate(book.lots.get(m.lotKey()), false).qty += m.qty();
      out.accepted(m);
    }
    refill(site, m.ts());
  }

  private void release(Movement m) {
    out.accepted(m);
    Lot lot = book.lots.get(m.lotKey());
    if (lot == null || !lot.held) {
      return; // releasing a lot that is not held changes nothing
    }
    lot.held = false;
    for (Site site : book.sortedSites()) {
      if (site.stock.containsKey(lot)) {
        refill(site, m.ts());
      }
    }
  }

  private void allocate(OrderLine line) {
    Site site = book.site(line.warehouse());
    long taken = take(line, line.qty(), site, line.ts(), Fill.INITIAL);
    if (taken < line.qty()) {
      site.enqueue(new Waiting(line, line.qty() - taken));
    }
  }

  /** Walks the warehouse's backorder queue once, in queue order, after stock arrived. */
  private void refill(Site site, long ts) {
    if (site.queue.isEmpty() || site.stock.isEmpty()) {
      return;
    }
    // Lines that need fresher stock than the freshest unheld lot here cannot take anything: skip
    // them (and the whole walk when that is every line). Taking only lowers the bound, so it stays
    // a safe upper bound for the rest of the walk.
    long freshest = site.freshestAllocatable();
    if (freshest < site.leastDemandingWaiting()) {
      return;
    }
    Iterator<Waiting> it = site.queue.iterator();
    while (it.hasNext() && !site.stock.isEmpty()) {
      Waiting w = it.next();
      if (w.line.earliestAcceptableExpiry() > freshest) {
        continue;
      }
      int lots = site.stock.size();
      w.open -= take(w.line, w.open, site, ts, Fill.BACKORDER);
      if (w.open == 0) {
        it.remove();
        site.dequeued(w);
      }
      if (site.stock.size() != lots) {
        // a lot ran out: what is left may serve no waiting line at all (held lots, old lots). Stop
        // then, instead of asking every line of a long queue (a popular sku's refills were
        // quadratic: 427k events of one sku took 116 s)
        freshest = site.freshestAllocatable();
        if (freshest < site.leastDemandingWaiting()) {
          return;
        }
      }
    }
  }

  /** Takes up to {@code want} eligible units for a line, greedily in pick order; returns how many. */
  private long take(OrderLine line, long want, Site site, long ts, Fill fill) {
    long got = 0;
    long earliestExpiry = line.earliestAcceptableExpiry();
    Iterator<Map.Entry<Lot, Stock>> it = eligibleFrom(site, earliestExpiry).entrySet().iterator();
    while (got < want && it.hasNext()) {
      Map.Entry<Lot, Stock> entry = it.next();
      Lot lot = entry.getKey();
      if (!eligible(lot, earliestExpiry)) {
        continue;
      }
      Stock st = entry.getValue();
      String lotOut = lotOut(lot.code);
      if (serial) {
        Iterator<Unit> units = st.units.iterator();
        while (got < want && units.hasNext()) {
          Unit u = units.next();
          Allocation a = new Allocation(line.orderId(), line.line(), line.customer(), line.sku(), site.warehouse, lotOut, u.serial, 1, lot.expiry, ts, fill);
          AllocationAudit.check(book, line, a, st); // before the book changes
          units.remove();
          u.warehouse = null;
          u.customer = line.customer();
          st.qty--;
          got++;
          out.allocated(a);
        }
      } else {
        long n = Math.min(want - got, st.qty);
        Allocation a = new Allocation(line.orderId(), line.line(), line.customer(), line.sku(), site.warehouse, lotOut, null, n, lot.expiry, ts, fill);
        AllocationAudit.check(book, line, a, st); // before the book changes
        st.qty -= n;
        got += n;
        book.holdings.merge(new Holding(lot.code, line.customer()), n, Long::sum);
        out.allocated(a);
      }
      if (st.qty == 0) {
        it.remove();
      }
    }
    return got;
  }

  /**
   * The picking rule of eligible stock: the lot is not held and does not expire before the line's
   * earliest acceptable expiry. Overridden only by tests that prove {@link AllocationAudit} catches
   * a picking bug.
   */
  boolean eligible(Lot lot, long earliestExpiry) {
    return !lot.held && (lot.expiry == Times.NO_DATE || lot.expiry >= earliestExpiry);
  }

  /** The serial unit a row takes out of its warehouse, or null (and the row rejected) if not there. */
  private Unit unitInStock(Movement m, InputEvent e) {
    Unit unit = book.units.get(m.serial());
    if (unit == null || !unit.inStockAt(m.warehouse())) {
      reject(e, INSUFFICIENT_STOCK, "serial " + m.serial() + " is not in stock at " + m.warehouse());
      return null;
    }
    return unit;
  }

  /**
   * Where the pick order can start for a line: under FEFO lots are sorted by expiry, so lots that
   * expire too soon are skipped at once instead of one by one on every line.
   */
  private java.util.NavigableMap<Lot, Stock> eligibleFrom(Site site, long earliestExpiry) {
    if (book.sku.policy() != io.tracelot.allocator.model.Policy.FEFO || earliestExpiry <= Integer.MIN_VALUE) {
      return site.stock;
    }
    Lot probe = new Lot("");
    probe.expiry = (int) Math.min(Integer.MAX_VALUE, earliestExpiry);
    probe.ageTs = Long.MIN_VALUE;
    return site.stock.tailMap(probe, true);
  }

  private void putInStock(Unit unit, Site site, Stock st, long ts) {
    unit.warehouse = site.warehouse;
    unit.enteredTs = ts;
    st.units.add(unit);
    st.qty++;
    book.units.put(unit.serial, unit);
  }

  private void takeOutOfStock(Unit unit, Site site, Lot lot) {
    Stock st = site.stock.get(lot);
    st.units.remove(unit);
    unit.warehouse = null;
    if (--st.qty == 0) {
      site.stock.remove(lot);
    }
  }

  private static void subtract(Site site, Lot lot, long qty) {
    Stock st = site.stock.get(lot);
    st.qty -= qty;
    if (st.qty == 0) {
      site.stock.remove(lot);
    }
  }

  private void reject(InputEvent e, RejectReason reason, String message) {
    out.rejected(e.reject(reason, message));
  }

  private static String lotOut(String code) {
    return code.isEmpty() ? null : code;
  }
}
