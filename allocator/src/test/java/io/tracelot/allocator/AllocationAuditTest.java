package io.tracelot.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelot.allocator.SkuBook.Lot;
import io.tracelot.allocator.model.Allocation;
import io.tracelot.allocator.model.Fill;
import io.tracelot.allocator.model.InputEvent;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.MovementType;
import io.tracelot.allocator.model.OrderLine;
import io.tracelot.allocator.model.Policy;
import io.tracelot.allocator.model.Reject;
import io.tracelot.allocator.model.Sku;
import io.tracelot.allocator.model.Times;
import io.tracelot.allocator.model.Tracking;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link AllocationAudit} against crafted books, and against the allocator with a planted picking
 * bug: what the audit refuses is exactly what allocation.md "Eligible stock" forbids.
 */
class AllocationAuditTest {
  static final int SHIP = (int) LocalDate.parse("2026-12-01").toEpochDay();
  static final int MIN_SHELF = 30;
  /** The last acceptable expiry of a line shipping on SHIP with MIN_SHELF: still eligible. */
  static final int LAST_OK = SHIP + MIN_SHELF;
  static final long T0 = Times.startOf(LocalDate.parse("2026-11-01"));

  private final List<Allocation> made = new ArrayList<>();
  private final AllocationOutput out = new AllocationOutput() {
    @Override
    public void allocated(Allocation a) {
      made.add(a);
    }

    @Override
    public void accepted(Movement m) {}

    @Override
    public void rejected(Reject r) {
      throw new AssertionError(r.toString());
    }
  };
  private int events;

  private static Sku sku(Tracking tracking, Policy policy) {
    return new Sku("A", tracking, policy, null, null);
  }

  /** Applies a movement of sku A; lots arrive in call order, so FIFO takes the first one first. */
  private void move(SkuAllocator allocator, MovementType type, String lot, String serial, long qty, String warehouse, int expiry) {
    events++;
    Movement m = new Movement("m" + events, T0 + events * 1_000_000L, type, "A", lot, serial, qty, warehouse, null, expiry,
        type == MovementType.RECEIPT ? "SUP" : null, null);
    allocator.apply(new InputEvent(m, "movements.csv", events + 1, null));
  }

  private void receive(SkuAllocator allocator, String lot, long qty, String warehouse, int expiry) {
    move(allocator, MovementType.RECEIPT, lot, null, qty, warehouse, expiry);
  }

  private void hold(SkuAllocator allocator, String lot) {
    move(allocator, MovementType.HOLD, lot, null, 0, null, Times.NO_DATE);
  }

  private static OrderLine line(long qty, String warehouse) {
    return new OrderLine("SO1", 1, T0 + 10_000_000_000L, "C1", "A", qty, warehouse, SHIP, MIN_SHELF, OrderLine.DEFAULT_PRIORITY);
  }

  private static Allocation taking(OrderLine l, String warehouse, String lot, String serial, long qty, int expiry) {
    return new Allocation(l.orderId(), l.line(), l.customer(), "A", warehouse, lot, serial, qty, expiry, l.ts(), Fill.INITIAL);
  }

  /** The stock entry of a lot at a warehouse, or null. */
  private static SkuBook.Stock stock(SkuBook book, String warehouse, String lot) {
    SkuBook.Site site = book.sites.get(warehouse);
    Lot l = book.lots.get(lot);
    return site == null || l == null ? null : site.stock.get(l);
  }

  /** A LOT book: L-HELD held, L-SHORT one day short, L-LAST on the last acceptable day, L-NONE without expiry, all at W1. */
  private SkuBook lotBook() {
    SkuBook book = SkuBook.create(sku(Tracking.LOT, Policy.FIFO));
    SkuAllocator allocator = new SkuAllocator(book, out);
    receive(allocator, "L-HELD", 10, "W1", LAST_OK + 100);
    hold(allocator, "L-HELD");
    receive(allocator, "L-SHORT", 10, "W1", LAST_OK - 1);
    receive(allocator, "L-LAST", 10, "W1", LAST_OK);
    receive(allocator, "L-NONE", 10, "W1", Times.NO_DATE);
    receive(allocator, "L-W2", 10, "W2", Times.NO_DATE);
    return book;
  }

  @Test
  void heldLot_isRefused_namingTheOrderLineSkuLotAndReason() {
    SkuBook book = lotBook();
    OrderLine l = line(5, "W1");
    assertThatThrownBy(() -> AllocationAudit.check(book, l, taking(l, "W1", "L-HELD", null, 5, LAST_OK + 100), stock(book, "W1", "L-HELD")))
        .isInstanceOf(AllocationAudit.Violation.class)
        .hasMessageContaining("order line SO1:1").hasMessageContaining("sku A").hasMessageContaining("lot L-HELD")
        .hasMessageContaining("the lot is held");
  }

  @Test
  void expiryOneDayShort_isRefused() {
    SkuBook book = lotBook();
    OrderLine l = line(5, "W1");
    assertThatThrownBy(() -> AllocationAudit.check(book, l, taking(l, "W1", "L-SHORT", null, 5, LAST_OK - 1), stock(book, "W1", "L-SHORT")))
        .isInstanceOf(AllocationAudit.Violation.class)
        .hasMessageContaining("lot L-SHORT")
        .hasMessageContaining("expires 2026-12-30, before ship_date 2026-12-01 + min_shelf_days 30 = 2026-12-31");
  }

  @Test
  void expiryOnTheLastAcceptableDay_orNoExpiry_isFine() {
    SkuBook book = lotBook();
    OrderLine l = line(10, "W1");
    assertThatCode(() -> AllocationAudit.check(book, l, taking(l, "W1", "L-LAST", null, 10, LAST_OK), stock(book, "W1", "L-LAST"))).doesNotThrowAnyException();
    assertThatCode(() -> AllocationAudit.check(book, l, taking(l, "W1", "L-NONE", null, 10, Times.NO_DATE), stock(book, "W1", "L-NONE"))).doesNotThrowAnyException();
  }

  @Test
  void stockNotAtThatWarehouse_orOfAnotherLot_orTooFewUnits_isRefused() {
    SkuBook book = lotBook();
    OrderLine w1 = line(5, "W1");
    assertThatThrownBy(() -> AllocationAudit.check(book, w1, taking(w1, "W1", "L-W2", null, 5, Times.NO_DATE), stock(book, "W2", "L-W2")))
        .hasMessageContaining("the units come from the stock at W2, the line ships from W1");
    assertThatThrownBy(() -> AllocationAudit.check(book, w1, taking(w1, "W1", "L-W2", null, 5, Times.NO_DATE), stock(book, "W1", "L-W2")))
        .hasMessageContaining("the units come from no stock entry");
    assertThatThrownBy(() -> AllocationAudit.check(book, w1, taking(w1, "W1", "L-LAST", null, 5, LAST_OK), stock(book, "W1", "L-NONE")))
        .hasMessageContaining("the units come from the stock of lot L-NONE");
    assertThatThrownBy(() -> AllocationAudit.check(book, w1, taking(w1, "W1", "L-LAST", null, 11, LAST_OK), stock(book, "W1", "L-LAST")))
        .hasMessageContaining("only 10 units of the lot are in stock at W1, the row takes 11");
    assertThatThrownBy(() -> AllocationAudit.check(book, w1, taking(w1, "W2", "L-W2", null, 5, Times.NO_DATE), stock(book, "W2", "L-W2")))
        .hasMessageContaining("the row names sku A at W2, the line is for sku A from W1");
    assertThatThrownBy(() -> AllocationAudit.check(book, w1, taking(w1, "W1", "L-NEVER", null, 1, Times.NO_DATE), stock(book, "W1", "L-LAST")))
        .hasMessageContaining("the book has no such lot");
  }

  @Test
  void rowExpiryOtherThanTheLots_isRefused() {
    SkuBook book = lotBook();
    OrderLine l = line(5, "W1");
    assertThatThrownBy(() -> AllocationAudit.check(book, l, taking(l, "W1", "L-NONE", null, 5, LAST_OK), stock(book, "W1", "L-NONE")))
        .hasMessageContaining("the row says expiry 2026-12-31, the lot's is none");
  }

  @Test
  void serialNotInStockThere_isRefused() {
    SkuBook book = SkuBook.create(sku(Tracking.SERIAL, Policy.FIFO));
    SkuAllocator allocator = new SkuAllocator(book, out);
    move(allocator, MovementType.RECEIPT, "L1", "SN-1", 1, "W1", Times.NO_DATE);
    move(allocator, MovementType.RECEIPT, "L1", "SN-2", 1, "W2", Times.NO_DATE);
    OrderLine l = line(1, "W1");
    SkuBook.Stock l1AtW1 = stock(book, "W1", "L1");
    assertThatCode(() -> AllocationAudit.check(book, l, taking(l, "W1", "L1", "SN-1", 1, Times.NO_DATE), l1AtW1)).doesNotThrowAnyException();
    assertThatThrownBy(() -> AllocationAudit.check(book, l, taking(l, "W1", "L1", "SN-2", 1, Times.NO_DATE), l1AtW1))
        .hasMessageContaining("serial SN-2 is not in stock at W1 (it is at W2)");
    assertThatThrownBy(() -> AllocationAudit.check(book, l, taking(l, "W1", "L1", "SN-9", 1, Times.NO_DATE), l1AtW1))
        .hasMessageContaining("serial SN-9 is not in stock at W1");
    allocator.apply(new InputEvent(l, "orders.csv", 2, null));
    assertThat(made).extracting(Allocation::serial).containsExactly("SN-1");
    // shipped: taking it again would put one unit in two places
    assertThatThrownBy(() -> AllocationAudit.check(book, l, taking(l, "W1", "L1", "SN-1", 1, Times.NO_DATE), l1AtW1))
        .hasMessageContaining("it is out with customer C1");
  }

  /** The allocator with a planted bug: it takes any lot, held or expiring too soon. */
  private static SkuAllocator pickingAnyLot(SkuBook book, AllocationOutput out) {
    return new SkuAllocator(book, out) {
      @Override
      boolean eligible(Lot lot, long earliestExpiry) {
        return true;
      }
    };
  }

  @Test
  void pickingBug_takingAHeldLot_isCaughtBeforeTheBookChanges() {
    SkuBook book = lotBook(); // FIFO: L-HELD is the oldest, the buggy picker takes it first
    SkuAllocator buggy = pickingAnyLot(book, out);
    OrderLine l = line(5, "W1");
    assertThatThrownBy(() -> buggy.apply(new InputEvent(l, "orders.csv", 2, null)))
        .isInstanceOf(AllocationAudit.Violation.class).hasMessageContaining("order line SO1:1").hasMessageContaining("lot L-HELD")
        .hasMessageContaining("the lot is held");
    assertThat(made).isEmpty();
    assertThat(book.stockPositions()).filteredOn(s -> "L-HELD".equals(s.lot())).singleElement().satisfies(s -> assertThat(s.qty()).isEqualTo(10));
  }

  @Test
  void pickingBug_takingAShortDatedLot_isCaught() {
    SkuBook book = SkuBook.create(sku(Tracking.LOT, Policy.FIFO));
    SkuAllocator allocator = new SkuAllocator(book, out);
    receive(allocator, "L-SHORT", 10, "W1", LAST_OK - 1);
    receive(allocator, "L-LAST", 10, "W1", LAST_OK);
    OrderLine l = line(15, "W1");
    assertThatThrownBy(() -> pickingAnyLot(book, out).apply(new InputEvent(l, "orders.csv", 2, null)))
        .isInstanceOf(AllocationAudit.Violation.class).hasMessageContaining("lot L-SHORT").hasMessageContaining("expires 2026-12-30");
    assertThat(made).isEmpty();

    // the real picker skips the short-dated lot, takes the last-day one, and the rest waits
    allocator.apply(new InputEvent(l, "orders.csv", 2, null));
    assertThat(made).extracting(Allocation::lot, Allocation::qty).containsExactly(org.assertj.core.groups.Tuple.tuple("L-LAST", 10L));
  }

  @Test
  void pickingBug_inABackorderRefill_isCaughtToo() {
    SkuBook book = SkuBook.create(sku(Tracking.LOT, Policy.FIFO));
    SkuAllocator buggy = pickingAnyLot(book, out);
    OrderLine l = line(5, "W1");
    buggy.apply(new InputEvent(l, "orders.csv", 2, null)); // nothing in stock: the line waits
    receive(buggy, "L-SHORT", 10, "W1", LAST_OK - 1); // nothing here the line can use: no walk
    // a fresh lot makes the walk happen, and the buggy picker takes the older, short-dated lot first
    assertThatThrownBy(() -> receive(buggy, "L-NONE", 10, "W1", Times.NO_DATE))
        .isInstanceOf(AllocationAudit.Violation.class).hasMessageContaining("order line SO1:1").hasMessageContaining("lot L-SHORT");
    assertThat(made).isEmpty();
  }

  @Test
  void manifestValue_saysHowManyAllocationsWereAudited() {
    assertThat(AllocationAudit.manifestValue(1234)).isEqualTo("ok (1234 allocations audited)");
    assertThat(AllocationAudit.INVARIANT).isEqualTo("no_allocation_from_held_or_short_dated_lot");
  }
}
