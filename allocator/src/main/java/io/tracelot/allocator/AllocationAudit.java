package io.tracelot.allocator;

import io.tracelot.allocator.SkuBook.Lot;
import io.tracelot.allocator.SkuBook.Site;
import io.tracelot.allocator.SkuBook.Stock;
import io.tracelot.allocator.SkuBook.Unit;
import io.tracelot.allocator.model.Allocation;
import io.tracelot.allocator.model.OrderLine;
import io.tracelot.allocator.model.Times;

/**
 * The invariant "no allocation from a held or too short-dated lot", checked on every allocation
 * the moment it is made, before the book changes: the snapshot's allocations table does not carry
 * an order line's ship date and minimum shelf life, so this cannot be checked from the tables
 * afterwards as {@link Invariants} does.
 *
 * <p>It does not trust the picking code: it looks the allocation's lot, warehouse and serial up in
 * the book by their names and checks, by allocation.md "Eligible stock", that
 *
 * <ul>
 *   <li>the lot is not held;
 *   <li>the lot has no expiry, or expiry &gt;= ship_date + min_shelf_days (the row's expiry is the
 *       lot's);
 *   <li>the units are there: the line's own warehouse holds at least that many of the lot, or the
 *       serial is in stock there, in that lot.
 * </ul>
 *
 * A violation throws {@link Violation} naming the order line, sku, lot and reason: in the Flink
 * job that fails the task and so the run, before anything is published. The common path is a few
 * hash lookups and one lookup in the warehouse's stock tree, and creates no objects.
 */
public final class AllocationAudit {
  /** The invariant's name in the manifest's {@code invariants} map. */
  public static final String INVARIANT = "no_allocation_from_held_or_short_dated_lot";

  private AllocationAudit() {}

  /**
   * The manifest value for a run whose snapshot has {@code allocations} allocation rows: each was
   * audited when it was made (a run with a violation fails and publishes nothing).
   */
  public static String manifestValue(long allocations) {
    return Invariants.OK + " (" + allocations + " allocations audited)";
  }

  /**
   * Checks {@code a}, about to be made for {@code line}, against {@code book} as it is before the
   * units are taken.
   *
   * @throws Violation when the allocation breaks a rule of eligible stock
   */
  static void check(SkuBook book, OrderLine line, Allocation a) {
    if (!a.sku().equals(book.skuId()) || !a.sku().equals(line.sku())) {
      throw violation(line, a, "the allocation names sku " + a.sku() + " for a line of sku " + line.sku() + " in the book of sku " + book.skuId());
    }
    if (!a.warehouse().equals(line.warehouse())) {
      throw violation(line, a, "the stock is at " + a.warehouse() + ", the line ships from " + line.warehouse());
    }
    Lot lot = book.lots.get(a.lot() == null ? "" : a.lot());
    if (lot == null) {
      throw violation(line, a, "the book has no such lot");
    }
    if (lot.held) {
      throw violation(line, a, "the lot is held");
    }
    long earliest = line.earliestAcceptableExpiry();
    if (lot.expiry != Times.NO_DATE && lot.expiry < earliest) {
      throw violation(line, a, "the lot expires " + date(lot.expiry) + ", before ship_date " + date(line.shipDate())
          + " + min_shelf_days " + line.minShelfDays() + " = " + java.time.LocalDate.ofEpochDay(earliest));
    }
    if (a.expiry() != lot.expiry) {
      throw violation(line, a, "the row says expiry " + date(a.expiry()) + ", the lot's is " + date(lot.expiry));
    }
    Site site = book.sites.get(a.warehouse());
    if (a.serial() != null) {
      Unit unit = book.units.get(a.serial());
      if (unit == null || !unit.inStockAt(a.warehouse())) {
        throw violation(line, a, "serial " + a.serial() + " is not in stock at " + a.warehouse()
            + (unit == null ? "" : unit.warehouse != null ? " (it is at " + unit.warehouse + ")" : " (it is out with customer " + unit.customer + ")"));
      }
      if (!unit.lot.equals(lot.code) || a.qty() != 1) {
        throw violation(line, a, "serial " + a.serial() + " is one unit of lot " + unit.lot + ", the row takes " + a.qty());
      }
      return;
    }
    Stock st = site == null ? null : site.stock.get(lot);
    long onHand = st == null ? 0 : st.qty;
    if (onHand < a.qty()) {
      throw violation(line, a, "only " + onHand + " units of the lot are in stock at " + a.warehouse() + ", the row takes " + a.qty());
    }
  }

  private static String date(int epochDay) {
    return epochDay == Times.NO_DATE ? "none" : Times.formatDate(epochDay);
  }

  private static Violation violation(OrderLine line, Allocation a, String reason) {
    return new Violation("allocation audit: order line " + line.recordId() + " (sku " + line.sku() + ", warehouse " + line.warehouse()
        + ") was about to take " + a.qty() + " of lot " + (a.lot() == null ? "\"\"" : a.lot()) + (a.serial() == null ? "" : " serial " + a.serial())
        + " at " + a.warehouse() + ": " + reason + ". The allocator broke allocation.md \"Eligible stock\"; nothing is published.");
  }

  /** An allocation that breaks a rule of eligible stock: a bug in the allocator, never bad input. */
  public static final class Violation extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    Violation(String message) {
      super(message);
    }
  }
}
