package io.tracelot.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelot.allocator.model.Fill;
import io.tracelot.allocator.model.Times;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** allocation.md, rule by rule. Each test name states the rule it proves. */
class AllocationConformanceTest {

  private static Scenario lotItem(String policy) {
    return new Scenario().sku("A", "LOT", policy);
  }

  private static String receipt(String id, String ts, String lot, int qty, String wh, String expiry) {
    return "event_id=" + id + " ts=" + ts + " type=RECEIPT sku=A lot=" + lot + " qty=" + qty + " warehouse=" + wh + " party=SUP" + (expiry == null ? "" : " expiry=" + expiry);
  }

  private static String line(String order, int line, String ts, int qty, String wh) {
    return "order_id=" + order + " line=" + line + " ts=" + ts + " customer=C1 sku=A qty=" + qty + " warehouse=" + wh;
  }

  // ---- PickOrder ----
  @Test
  void fefo_prefersEarliestExpiryThenAgeThenLot() {
    AllocationResult r = lotItem("FEFO")
        .move(receipt("m1", "08:00", "L-LATE", 5, "W1", "2027-06-01"))
        .move(receipt("m2", "08:01", "L-EARLY-B", 5, "W1", "2027-01-01"))
        .move(receipt("m3", "08:01", "L-EARLY-A", 5, "W1", "2027-01-01"))
        .move(receipt("m4", "07:00", "L-EARLY-OLD", 2, "W1", "2027-01-01"))
        .order(line("O1", 1, "09:00", 14, "W1"))
        .run();
    assertThat(Rows.allocations(r)).containsExactly(
        "O1:1 W1 L-EARLY-A x5 INITIAL@09:00",
        "O1:1 W1 L-EARLY-B x5 INITIAL@09:00",
        "O1:1 W1 L-EARLY-OLD x2 INITIAL@09:00",
        "O1:1 W1 L-LATE x2 INITIAL@09:00");
    // taken oldest first among equal expiry, then by lot code: the stock left shows it
    assertThat(Rows.stock(r)).containsExactly("W1 L-LATE x3");
  }

  @Test
  void fefo_takesEarliestExpiryFirst_evenWhenNewer() {
    AllocationResult r = lotItem("FEFO")
        .move(receipt("m1", "08:00", "OLD", 5, "W1", "2027-06-01"))
        .move(receipt("m2", "08:05", "NEW", 5, "W1", "2027-01-01"))
        .order(line("O1", 1, "09:00", 6, "W1"))
        .run();
    assertThat(Rows.stock(r)).containsExactly("W1 OLD x4");
  }

  @Test
  void fefo_lotsWithoutExpiryLast() {
    AllocationResult r = lotItem("FEFO")
        .move(receipt("m1", "07:00", "NOEXP", 5, "W1", null))
        .move(receipt("m2", "08:00", "EXP", 5, "W1", "2099-01-01"))
        .order(line("O1", 1, "09:00", 7, "W1"))
        .run();
    assertThat(Rows.stock(r)).containsExactly("W1 NOEXP x3");
  }

  @Test
  void fifo_prefersOldestLotThenLotCode_ignoringExpiry() {
    AllocationResult r = lotItem("FIFO")
        .move(receipt("m1", "08:00", "B", 5, "W1", "2030-01-01"))
        .move(receipt("m2", "08:00", "A", 5, "W1", "2030-01-01"))
        .move(receipt("m3", "09:00", "C", 5, "W1", "2027-01-01"))
        .order(line("O1", 1, "10:00", 7, "W1"))
        .run();
    assertThat(Rows.stock(r)).containsExactly("W1 B x3", "W1 C x5");
  }

  @Test
  void lifo_prefersNewestLotThenLotCodeAscending() {
    AllocationResult r = lotItem("LIFO")
        .move(receipt("m1", "08:00", "OLD", 5, "W1", null))
        .move(receipt("m2", "09:00", "NEW-B", 5, "W1", null))
        .move(receipt("m3", "09:00", "NEW-A", 5, "W1", null))
        .order(line("O1", 1, "10:00", 7, "W1"))
        .run();
    assertThat(Rows.stock(r)).containsExactly("W1 NEW-B x3", "W1 OLD x5");
  }

  @Test
  void lotAge_isFirstCreationAnywhere_transfersDoNotChangeIt() {
    AllocationResult r = lotItem("FIFO")
        .move(receipt("m1", "08:00", "X", 5, "W2", null))
        .move(receipt("m2", "09:00", "Y", 5, "W1", null))
        .move("event_id=m3 ts=10:00 type=TRANSFER sku=A lot=X qty=5 warehouse=W2 to_warehouse=W1")
        .order(line("O1", 1, "11:00", 5, "W1"))
        .run();
    assertThat(Rows.allocations(r)).containsExactly("O1:1 W1 X x5 INITIAL@11:00");
  }

  @Test
  void policy_defaultsToFefo() {
    AllocationResult r = lotItem(null)
        .move(receipt("m1", "08:00", "LATE", 5, "W1", "2028-01-01"))
        .move(receipt("m2", "09:00", "SOON", 5, "W1", "2027-01-01"))
        .order(line("O1", 1, "10:00", 5, "W1"))
        .run();
    assertThat(Rows.allocations(r)).containsExactly("O1:1 W1 SOON x5 INITIAL@10:00");
  }

  // ---- ShelfLife ----
  @Test
  void expiry_onTheLastAcceptableDay_isEligible_oneDayEarlierIsNot() {
    // ship 2026-12-01 + 30 days = 2026-12-31
    AllocationResult r = lotItem("FEFO")
        .move(receipt("m1", "08:00", "DAY-BEFORE", 5, "W1", "2026-12-30"))
        .move(receipt("m2", "08:00", "LAST-DAY", 5, "W1", "2026-12-31"))
        .order(line("O1", 1, "09:00", 8, "W1") + " ship_date=2026-12-01 min_shelf_days=30")
        .run();
    assertThat(Rows.allocations(r)).containsExactly("O1:1 W1 LAST-DAY x5 INITIAL@09:00");
    assertThat(Rows.backorders(r)).containsExactly("O1:1 W1 3/8");
  }

  @Test
  void shipDate_defaultsToTheUtcDateOfTs() {
    AllocationResult r = lotItem("FEFO")
        .move(receipt("m1", "08:00", "TODAY", 5, "W1", Scenario.DAY))
        .move(receipt("m2", "08:00", "YESTERDAY", 5, "W1", "2026-11-19"))
        .order(line("O1", 1, "23:59", 10, "W1"))
        .run();
    assertThat(Rows.allocations(r)).containsExactly("O1:1 W1 TODAY x5 INITIAL@23:59");
  }

  @Test
  void minShelfDays_isPerLine() {
    AllocationResult r = lotItem("FEFO")
        .move(receipt("m1", "08:00", "SHORT", 5, "W1", "2026-12-10"))
        .order(line("RETAIL", 1, "09:00", 2, "W1") + " min_shelf_days=90")
        .order(line("OUTLET", 1, "09:00", 2, "W1"))
        .run();
    assertThat(Rows.allocations(r)).containsExactly("OUTLET:1 W1 SHORT x2 INITIAL@09:00");
    assertThat(Rows.backorders(r)).containsExactly("RETAIL:1 W1 2/2");
  }

  // ---- Holds ----
  @Test
  void hold_lotIsNotAllocatedInAnyWarehouse() {
    AllocationResult r = lotItem("FEFO")
        .move(receipt("m1", "08:00", "BAD", 5, "W1", "2027-01-01"))
        .move(receipt("m2", "08:00", "BAD", 5, "W2", "2027-01-01"))
        .move(receipt("m3", "08:00", "GOOD", 5, "W1", "2028-01-01"))
        .move("event_id=m4 ts=08:30 type=HOLD sku=A lot=BAD")
        .order(line("O1", 1, "09:00", 6, "W1"))
        .order(line("O2", 1, "09:00", 1, "W2"))
        .run();
    assertThat(Rows.allocations(r)).containsExactly("O1:1 W1 GOOD x5 INITIAL@09:00");
    assertThat(Rows.backorders(r)).containsExactly("O1:1 W1 1/6", "O2:1 W2 1/1");
    assertThat(Rows.stock(r)).containsExactly("W1 BAD x5 held", "W2 BAD x5 held");
  }

  @Test
  void hold_beforeArrival_makesArrivingStockHeld() {
    AllocationResult r = lotItem("FEFO")
        .move("event_id=m0 ts=07:00 type=HOLD sku=A lot=RECALLED")
        .order(line("O1", 1, "07:30", 5, "W1"))
        .move(receipt("m1", "08:00", "RECALLED", 5, "W1", null))
        .run();
    assertThat(r.allocations()).isEmpty();
    assertThat(Rows.backorders(r)).containsExactly("O1:1 W1 5/5");
    assertThat(Rows.stock(r)).containsExactly("W1 RECALLED x5 held");
  }

  @Test
  void release_refillsBackordersInEveryWarehouseWhereTheLotHasStock() {
    AllocationResult r = lotItem("FEFO")
        .move("event_id=m0 ts=07:00 type=HOLD sku=A lot=L")
        .move(receipt("m1", "08:00", "L", 5, "W1", null))
        .move(receipt("m2", "08:00", "L", 5, "W2", null))
        .order(line("O1", 1, "09:00", 3, "W1"))
        .order(line("O2", 1, "09:00", 3, "W2"))
        .move("event_id=m3 ts=10:00 type=RELEASE sku=A lot=L")
        .run();
    assertThat(Rows.allocations(r)).containsExactly(
        "O1:1 W1 L x3 BACKORDER@10:00", "O2:1 W2 L x3 BACKORDER@10:00");
    assertThat(r.backorders()).isEmpty();
  }

  @Test
  void release_ofALotNotHeld_isAcceptedAndChangesNothing() {
    AllocationResult r = lotItem("FEFO")
        .move(receipt("m1", "08:00", "L", 5, "W1", null))
        .move("event_id=m2 ts=09:00 type=RELEASE sku=A lot=L")
        .move("event_id=m3 ts=09:00 type=RELEASE sku=A lot=NEVER-SEEN")
        .run();
    assertThat(r.rejects()).isEmpty();
    assertThat(r.movements()).hasSize(3);
    assertThat(Rows.stock(r)).containsExactly("W1 L x5");
  }

  @Test
  void heldLot_mayBeTransferred_butNotConsumed() {
    AllocationResult r = lotItem("FEFO")
        .move(receipt("m1", "08:00", "L", 5, "W1", null))
        .move("event_id=m2 ts=08:30 type=HOLD sku=A lot=L")
        .move("event_id=m3 ts=09:00 type=TRANSFER sku=A lot=L qty=5 warehouse=W1 to_warehouse=QUARANTINE")
        .move("event_id=m4 ts=09:30 type=CONSUME sku=A lot=L qty=1 warehouse=QUARANTINE ref=WO1")
        .move("event_id=m5 ts=09:40 type=ADJUST sku=A lot=L qty=-1 warehouse=QUARANTINE")
        .run();
    assertThat(Rows.rejects(r)).containsExactly("m4 LOT_HELD");
    assertThat(Rows.stock(r)).containsExactly("QUARANTINE L x4 held");
  }

  // ---- Backorders ----
  @Test
  void partialFill_takesAllEligibleStock_andTheRestWaits() {
    AllocationResult r = lotItem("FEFO")
        .move(receipt("m1", "08:00", "L1", 3, "W1", null))
        .order(line("O1", 1, "09:00", 10, "W1"))
        .move(receipt("m2", "10:00", "L2", 4, "W1", null))
        .run();
    assertThat(Rows.allocations(r)).containsExactly(
        "O1:1 W1 L1 x3 INITIAL@09:00", "O1:1 W1 L2 x4 BACKORDER@10:00");
    assertThat(Rows.backorders(r)).containsExactly("O1:1 W1 3/10");
    assertThat(r.backorders().get(0).ts()).isEqualTo(Times.parseInstant(Scenario.DAY + "T09:00:00Z"));
  }

  @Test
  void queue_servesPriorityThenTsThenOrderIdThenLine() {
    AllocationResult r = lotItem("FEFO")
        .order(line("Z", 1, "08:00", 1, "W1") + " priority=100")
        .order(line("B", 2, "08:30", 1, "W1") + " priority=100")
        .order(line("B", 1, "08:30", 1, "W1") + " priority=100")
        .order(line("A", 1, "08:30", 1, "W1") + " priority=100")
        .order(line("LATE-BUT-URGENT", 1, "09:00", 1, "W1") + " priority=10")
        .move(receipt("m1", "10:00", "L", 4, "W1", null))
        .run();
    assertThat(r.allocations()).extracting(a -> a.orderId() + ":" + a.line())
        .containsExactlyInAnyOrder("LATE-BUT-URGENT:1", "Z:1", "A:1", "B:1");
    assertThat(Rows.backorders(r)).containsExactly("B:2 W1 1/1");
  }

  @Test
  void refill_linesStillShortStayQueued_andLaterLinesMayTakeWhatEarlierCannotUse() {
    AllocationResult r = lotItem("FEFO")
        .order(line("PICKY", 1, "08:00", 2, "W1") + " min_shelf_days=365 priority=1")
        .order(line("EASY", 1, "08:00", 2, "W1"))
        .move(receipt("m1", "09:00", "SHORT", 3, "W1", "2027-01-01"))
        .run();
    assertThat(Rows.allocations(r)).containsExactly("EASY:1 W1 SHORT x2 BACKORDER@09:00");
    assertThat(Rows.backorders(r)).containsExactly("PICKY:1 W1 2/2");
  }

  @Test
  void newLine_isServedFromStockImmediately_atItsOwnTs() {
    AllocationResult r = lotItem("FEFO")
        .move(receipt("m1", "08:00", "L", 5, "W1", null))
        .order(line("O1", 1, "09:00", 2, "W1"))
        .run();
    assertThat(r.allocations()).singleElement().satisfies(a -> {
      assertThat(a.fill()).isEqualTo(Fill.INITIAL);
      assertThat(a.expiry()).isEqualTo(Times.NO_DATE);
    });
  }

  @Test
  void adjustPositive_andProduce_refillTheQueue() {
    AllocationResult r = lotItem("FEFO")
        .order(line("O1", 1, "08:00", 4, "W1"))
        .move("event_id=m1 ts=09:00 type=ADJUST sku=A lot=L qty=2 warehouse=W1")
        .move("event_id=m2 ts=10:00 type=PRODUCE sku=A lot=P qty=2 warehouse=W1 ref=WO1")
        .run();
    assertThat(Rows.allocations(r)).containsExactly("O1:1 W1 L x2 BACKORDER@09:00", "O1:1 W1 P x2 BACKORDER@10:00");
  }

  // ---- Transfers ----
  @Test
  void transfer_refillsTheDestinationQueue_notTheSource() {
    AllocationResult r = lotItem("FEFO")
        .move(receipt("m1", "08:00", "L", 5, "W1", null))
        .order(line("O1", 1, "08:30", 3, "W2"))
        .move("event_id=m2 ts=09:00 type=TRANSFER sku=A lot=L qty=4 warehouse=W1 to_warehouse=W2")
        .run();
    assertThat(Rows.allocations(r)).containsExactly("O1:1 W2 L x3 BACKORDER@09:00");
    assertThat(Rows.stock(r)).containsExactly("W1 L x1", "W2 L x1");
  }

  @Test
  void transfer_ofMoreThanOnHand_isInsufficientStock_andMovesNothing() {
    AllocationResult r = lotItem("FEFO")
        .move(receipt("m1", "08:00", "L", 5, "W1", null))
        .move("event_id=m2 ts=09:00 type=TRANSFER sku=A lot=L qty=6 warehouse=W1 to_warehouse=W2")
        .run();
    assertThat(Rows.rejects(r)).containsExactly("m2 INSUFFICIENT_STOCK");
    assertThat(Rows.stock(r)).containsExactly("W1 L x5");
  }

  // ---- Returns ----
  @Test
  void lotReturn_becomesAvailableAgain_andRefills() {
    AllocationResult r = lotItem("FEFO")
        .move(receipt("m1", "08:00", "L", 5, "W1", null))
        .order(line("O1", 1, "09:00", 5, "W1"))
        .order("order_id=O2 line=1 ts=09:30 customer=C2 sku=A qty=2 warehouse=W2")
        .move("event_id=m2 ts=10:00 type=RETURN sku=A lot=L qty=2 warehouse=W2 party=C1")
        .run();
    assertThat(Rows.allocations(r)).contains("O2:1 W2 L x2 BACKORDER@10:00");
    assertThat(r.rejects()).isEmpty();
  }

  @Test
  void lotReturn_ofMoreThanTheCustomerHolds_isInsufficientStock() {
    AllocationResult r = lotItem("FEFO")
        .move(receipt("m1", "08:00", "L", 5, "W1", null))
        .order(line("O1", 1, "09:00", 3, "W1"))
        .move("event_id=m2 ts=10:00 type=RETURN sku=A lot=L qty=2 warehouse=W1 party=C1")
        .move("event_id=m3 ts=11:00 type=RETURN sku=A lot=L qty=2 warehouse=W1 party=C1")
        .move("event_id=m4 ts=11:00 type=RETURN sku=A lot=L qty=1 warehouse=W1 party=SOMEONE-ELSE")
        .run();
    assertThat(Rows.rejects(r)).containsExactly("m3 INSUFFICIENT_STOCK", "m4 INSUFFICIENT_STOCK");
    assertThat(Rows.stock(r)).containsExactly("W1 L x4");
  }

  @Test
  void lotReturn_ofAHeldLot_staysHeld() {
    AllocationResult r = lotItem("FEFO")
        .move(receipt("m1", "08:00", "L", 5, "W1", null))
        .order(line("O1", 1, "09:00", 5, "W1"))
        .move("event_id=m2 ts=10:00 type=HOLD sku=A lot=L")
        .order(line("O2", 1, "10:30", 1, "W1"))
        .move("event_id=m3 ts=11:00 type=RETURN sku=A lot=L qty=5 warehouse=W1 party=C1")
        .run();
    assertThat(Rows.backorders(r)).containsExactly("O2:1 W1 1/1");
    assertThat(Rows.stock(r)).containsExactly("W1 L x5 held");
  }

  // ---- Serials ----
  private Scenario pharma() {
    return new Scenario().sku("A", "SERIAL", "FEFO");
  }

  private String unit(String id, String ts, String lot, String serial, String wh) {
    return "event_id=" + id + " ts=" + ts + " type=RECEIPT sku=A lot=" + lot + " serial=" + serial + " warehouse=" + wh + " party=SUP expiry=2027-01-01";
  }

  @Test
  void serials_withinALot_areTakenByTsEnteredThenSerial() {
    AllocationResult r = pharma()
        .move(unit("m1", "08:00", "L", "S3", "W1"))
        .move(unit("m2", "08:00", "L", "S1", "W1"))
        .move(unit("m3", "07:00", "L", "S9", "W2"))
        .move(unit("m4", "08:30", "L", "S0", "W1"))
        // S9 enters W1 at 09:00 (not 07:00): a transfer restarts its time at the warehouse
        .move("event_id=m5 ts=09:00 type=TRANSFER sku=A serial=S9 warehouse=W2 to_warehouse=W1")
        .order(line("O1", 1, "10:00", 3, "W1"))
        .run();
    assertThat(r.allocations()).extracting(a -> a.serial()).containsExactlyInAnyOrder("S1", "S3", "S0");
    assertThat(Rows.stock(r)).containsExactly("W1 L/S9 x1");
  }

  @Test
  void serial_receivedTwice_isDuplicateSerial_evenWhenOutWithACustomer() {
    AllocationResult r = pharma()
        .move(unit("m1", "08:00", "L", "S1", "W1"))
        .move(unit("m2", "08:10", "L", "S1", "W2"))
        .order(line("O1", 1, "09:00", 1, "W1"))
        .move(unit("m3", "10:00", "L", "S1", "W1"))
        .run();
    assertThat(Rows.rejects(r)).containsExactly("m2 DUPLICATE_SERIAL", "m3 DUPLICATE_SERIAL");
  }

  @Test
  void serial_laterRowsLotIsIgnored_theUnitKeepsItsLot() {
    AllocationResult r = pharma()
        .move(unit("m1", "08:00", "L1", "S1", "W1"))
        .move("event_id=m2 ts=09:00 type=TRANSFER sku=A lot=WRONG serial=S1 warehouse=W1 to_warehouse=W2")
        .run();
    assertThat(Rows.stock(r)).containsExactly("W2 L1/S1 x1");
    assertThat(r.movements()).filteredOn(m -> m.eventId().equals("m2")).singleElement()
        .satisfies(m -> assertThat(m.lot()).isEqualTo("L1"));
  }

  @Test
  void serialReturn_fromTheCustomerItWentTo_isBackInStock_otherwiseUnknownSerial() {
    AllocationResult r = pharma()
        .move(unit("m1", "08:00", "L", "S1", "W1"))
        .order(line("O1", 1, "09:00", 1, "W1"))
        .move("event_id=m2 ts=10:00 type=RETURN sku=A serial=S1 warehouse=W1 party=C2")
        .move("event_id=m3 ts=10:00 type=RETURN sku=A serial=NEVER warehouse=W1 party=C1")
        .move("event_id=m4 ts=11:00 type=RETURN sku=A serial=S1 warehouse=W2 party=C1")
        .move("event_id=m5 ts=12:00 type=RETURN sku=A serial=S1 warehouse=W2 party=C1")
        .run();
    assertThat(Rows.rejects(r)).containsExactly("m2 UNKNOWN_SERIAL", "m3 UNKNOWN_SERIAL", "m5 UNKNOWN_SERIAL");
    assertThat(Rows.stock(r)).containsExactly("W2 L/S1 x1");
  }

  @Test
  void serial_consumed_canBeReceivedAgain() {
    AllocationResult r = pharma()
        .move(unit("m1", "08:00", "L", "S1", "W1"))
        .move("event_id=m2 ts=09:00 type=CONSUME sku=A serial=S1 warehouse=W1 ref=WO1")
        .move(unit("m3", "10:00", "L", "S1", "W1"))
        .run();
    assertThat(r.rejects()).isEmpty();
    assertThat(Rows.stock(r)).containsExactly("W1 L/S1 x1");
  }

  @Test
  void serial_orderLine_takesOneRowPerSerial_acrossLotsInPolicyOrder() {
    AllocationResult r = new Scenario().sku("A", "SERIAL", "FEFO")
        .move("event_id=m1 ts=08:00 type=RECEIPT sku=A lot=LATE serial=S1 warehouse=W1 party=SUP expiry=2028-01-01")
        .move("event_id=m2 ts=08:00 type=RECEIPT sku=A lot=SOON serial=S2 warehouse=W1 party=SUP expiry=2027-01-01")
        .order(line("O1", 1, "09:00", 2, "W1"))
        .run();
    assertThat(Rows.allocations(r)).containsExactly("O1:1 W1 LATE/S1 x1 INITIAL@09:00", "O1:1 W1 SOON/S2 x1 INITIAL@09:00");
    assertThat(r.allocations()).extracting(a -> a.expiry())
        .containsExactly((int) LocalDate.parse("2028-01-01").toEpochDay(), (int) LocalDate.parse("2027-01-01").toEpochDay());
  }

  @Test
  void serialWithoutLot_belongsToTheEmptyLot() {
    AllocationResult r = new Scenario().sku("A", "SERIAL", "FIFO")
        .move("event_id=m1 ts=08:00 type=RECEIPT sku=A serial=S1 warehouse=W1 party=SUP")
        .run();
    assertThat(Rows.stock(r)).containsExactly("W1 null/S1 x1");
  }

  // ---- Movements ----
  @Test
  void consume_ofMoreThanOnHand_isInsufficientStock_beforeLotHeld() {
    AllocationResult r = lotItem("FEFO")
        .move(receipt("m1", "08:00", "L", 5, "W1", null))
        .move("event_id=m2 ts=08:30 type=HOLD sku=A lot=L")
        .move("event_id=m3 ts=09:00 type=CONSUME sku=A lot=L qty=6 warehouse=W1 ref=WO")
        .run();
    assertThat(Rows.rejects(r)).containsExactly("m3 INSUFFICIENT_STOCK");
  }

  @Test
  void expiry_isSetByTheFirstMovementThatGivesOne_aDifferentOneIsExpiryMismatch() {
    AllocationResult r = lotItem("FEFO")
        .move(receipt("m1", "08:00", "L", 5, "W1", null))
        .move(receipt("m2", "09:00", "L", 5, "W1", "2027-01-01"))
        .move(receipt("m3", "10:00", "L", 5, "W1", "2027-02-01"))
        .move(receipt("m4", "11:00", "L", 5, "W2", "2027-01-01"))
        .run();
    assertThat(Rows.rejects(r)).containsExactly("m3 EXPIRY_MISMATCH");
    assertThat(r.stock()).allSatisfy(s -> assertThat(Times.formatDate(s.expiry())).isEqualTo("2027-01-01"));
  }

  @Test
  void adjustNegative_removesStock_heldOrNot_butNotBelowZero() {
    AllocationResult r = lotItem("FEFO")
        .move(receipt("m1", "08:00", "L", 5, "W1", null))
        .move("event_id=m2 ts=08:30 type=HOLD sku=A lot=L")
        .move("event_id=m3 ts=09:00 type=ADJUST sku=A lot=L qty=-2 warehouse=W1")
        .move("event_id=m4 ts=09:00 type=ADJUST sku=A lot=L qty=-4 warehouse=W1")
        .run();
    assertThat(Rows.rejects(r)).containsExactly("m4 INSUFFICIENT_STOCK");
    assertThat(Rows.stock(r)).containsExactly("W1 L x3 held");
  }

  @Test
  void noneItem_stockIsTheEmptyLot() {
    AllocationResult r = new Scenario().sku("BULK", "NONE", "FIFO")
        .move("event_id=m1 ts=08:00 type=RECEIPT sku=BULK qty=100 warehouse=W1 party=SUP")
        .order("order_id=O1 line=1 ts=09:00 customer=C1 sku=BULK qty=30 warehouse=W1")
        .run();
    assertThat(Rows.allocations(r)).containsExactly("O1:1 W1 null x30 INITIAL@09:00");
    assertThat(Rows.stock(r)).containsExactly("W1 null x70");
  }

  // ---- EventOrder ----
  @Test
  void equalTs_movementsBeforeOrderLines_whateverTheFileOrder() {
    AllocationResult r = lotItem("FEFO")
        .order(line("O1", 1, "09:00", 5, "W1"))
        .move(receipt("m1", "09:00", "L", 5, "W1", null))
        .run();
    assertThat(Rows.allocations(r)).containsExactly("O1:1 W1 L x5 INITIAL@09:00");
  }

  @Test
  void equalTs_movementsByEventIdCodePointOrder() {
    // "m\uFFFD" < "m\uD83D\uDE00" by code point, though not by UTF-16 units.
    AllocationResult r = lotItem("FEFO")
        .move("event_id=m\uD83D\uDE00 ts=09:00 type=CONSUME sku=A lot=L qty=5 warehouse=W1 ref=WO")
        .move(receipt("m\uFFFD", "09:00", "L", 5, "W1", null))
        .run();
    assertThat(r.rejects()).isEmpty();
  }

  @Test
  void equalTs_orderLinesByPriorityThenOrderIdThenLine() {
    AllocationResult r = lotItem("FEFO")
        .move(receipt("m1", "08:00", "L", 2, "W1", null))
        .order(line("B", 1, "09:00", 1, "W1"))
        .order(line("A", 2, "09:00", 1, "W1"))
        .order(line("A", 1, "09:00", 1, "W1") + " priority=200")
        .order(line("A", 10, "09:00", 1, "W1"))
        .run();
    assertThat(Rows.backorders(r)).containsExactly("B:1 W1 1/1", "A:1 W1 1/1");
  }

  // ---- Genealogy ----
  @Test
  void consumeAndProduceUnderOneWorkOrder_linkEveryPair_whateverTheirOrder() {
    AllocationResult r = new Scenario().sku("FLOUR", "LOT", "FEFO").sku("SUGAR", "LOT", "FEFO").sku("CAKE", "LOT", "FEFO")
        .move("event_id=p1 ts=07:00 type=PRODUCE sku=CAKE lot=CK1 qty=10 warehouse=PLANT ref=WO1")
        .move("event_id=r1 ts=06:00 type=RECEIPT sku=FLOUR lot=F1 qty=10 warehouse=PLANT party=MILL")
        .move("event_id=r2 ts=06:00 type=RECEIPT sku=SUGAR lot=S1 qty=10 warehouse=PLANT party=REFINERY")
        .move("event_id=c1 ts=08:00 type=CONSUME sku=FLOUR lot=F1 qty=4 warehouse=PLANT ref=WO1")
        .move("event_id=c2 ts=08:00 type=CONSUME sku=SUGAR lot=S1 qty=2 warehouse=PLANT ref=WO1")
        .move("event_id=c3 ts=08:10 type=CONSUME sku=SUGAR lot=S1 qty=2 warehouse=PLANT ref=WO1")
        .move("event_id=c4 ts=09:00 type=CONSUME sku=FLOUR lot=F1 qty=1 warehouse=PLANT ref=WO2")
        .move("event_id=c5 ts=09:00 type=CONSUME sku=FLOUR lot=F1 qty=99 warehouse=PLANT ref=WO3")
        .move("event_id=p3 ts=09:00 type=PRODUCE sku=CAKE lot=CK3 qty=1 warehouse=PLANT ref=WO3")
        .run();
    assertThat(r.genealogy()).extracting(e -> e.parentLot() + ">" + e.childLot() + "@" + e.ref())
        .containsExactly("F1>CK1@WO1", "S1>CK1@WO1");
    // c5 was rejected, so WO3 has no consumed lot and no edge; WO2 produced nothing
    assertThat(Rows.rejects(r)).containsExactly("c5 INSUFFICIENT_STOCK");
  }
}
