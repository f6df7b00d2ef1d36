package io.tracelot.allocator;

import io.tracelot.allocator.SkuBook.Lot;
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
 * <p>It does not take the picking code's word: it looks the allocation's lot up in the book by its
 * name (and a serial by its serial) and checks, by allocation.md "Eligible stock", that
 *
 * <ul>
 *   <li>the lot is not held;
 *   <li>the lot has no expiry, or expiry &gt;= ship_date + min_shelf_days (and the row carries the
 *       lot's expiry);
 *   <li>the units are there: the stock entry they are taken from is that lot's, at the line's
 *       warehouse, and holds at least that many; a serial is in stock at that warehouse, in that lot.
 * </ul>
 *
 * The stock entry is the one the picker took from its warehouse's pick-order tree; the audit checks
 * the lot and warehouse the entry was created for rather than searching the tree again, so that it
 * stays O(1): two hash lookups at most, a few comparisons, no objects created unless it fails.
 *
 * <p>A violation throws {@link Violation} naming the order line, sku, lot and reason: in the Flink
 * job that fails the task and so the run, before anything is published.
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
   * Checks {@code a}, about to be made for {@code line} from the stock entry {@code from}, against
   * {@code book} as it is before the units are taken. The book must be the line's sku's (the
   * {@link Allocator} checks that for every event).
   *
   * @throws Violation when the allocation breaks a rule of eligible stock
   */
  static void check(SkuBook book, OrderLine line, Allocation a, SkuBook.Stock from) {
    if (!a.sku().equals(line.sku()) || !a.warehouse().equals(line.warehouse())) {
      throw violation(line, a, "the row names sku " + a.sku() + " at " + a.warehouse() + ", the line is for sku " + line.sku() + " from " + line.warehouse());
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
    if (from == null || from.lot != lot) {
      throw violation(line, a, "the units come from " + (from == null ? "no stock entry" : "the stock of lot " + from.lot.code));
    }
    if (!from.site.warehouse.equals(a.warehouse())) {
      throw violation(line, a, "the units come from the stock at " + from.site.warehouse + ", the line ships from " + line.warehouse());
    }
    if (a.serial() != null) {
      Unit unit = book.units.get(a.serial());
      if (unit == null || !unit.inStockAt(line.warehouse())) {
        throw violation(line, a, "serial " + a.serial() + " is not in stock at " + line.warehouse()
            + (unit == null ? "" : unit.warehouse != null ? " (it is at " + unit.warehouse + ")" : " (it is out with customer " + unit.customer + ")"));
      }
      if (!unit.lot.equals(lot.code) || a.qty() != 1) {
        throw violation(line, a, "serial " + a.serial() + " is one unit of lot " + unit.lot + ", the row takes " + a.qty());
      }
    } else if (from.qty < a.qty()) {
      throw violation(line, a, "only " + from.qty + " units of the lot are in stock at " + line.warehouse() + ", the row takes " + a.qty());
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
