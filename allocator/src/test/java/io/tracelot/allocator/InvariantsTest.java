package io.tracelot.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelot.allocator.model.StockPosition;
import io.tracelot.allocator.model.Times;
import org.junit.jupiter.api.Test;

class InvariantsTest {
  private static Scenario busyDay() {
    return new Scenario().sku("A", "LOT", "FEFO").sku("S", "SERIAL", "FIFO")
        .move("event_id=m1 ts=08:00 type=RECEIPT sku=A lot=L qty=10 warehouse=W1 party=SUP")
        .move("event_id=m2 ts=08:10 type=TRANSFER sku=A lot=L qty=4 warehouse=W1 to_warehouse=W2")
        .move("event_id=m3 ts=08:20 type=CONSUME sku=A lot=L qty=1 warehouse=W1 ref=WO")
        .move("event_id=m4 ts=08:30 type=ADJUST sku=A lot=L qty=-1 warehouse=W2")
        .move("event_id=s1 ts=08:00 type=RECEIPT sku=S serial=X warehouse=W1 party=SUP")
        .move("event_id=s2 ts=08:00 type=RECEIPT sku=S serial=Y warehouse=W1 party=SUP")
        .order("order_id=O1 line=1 ts=09:00 customer=C sku=A qty=3 warehouse=W1")
        .order("order_id=O2 line=1 ts=09:00 customer=C sku=S qty=2 warehouse=W1")
        .move("event_id=m5 ts=10:00 type=RETURN sku=A lot=L qty=2 warehouse=W2 party=C")
        .move("event_id=s3 ts=10:00 type=RETURN sku=S serial=X warehouse=W2 party=C");
  }

  private static Invariants check(AllocationResult r) {
    Invariants inv = new Invariants();
    r.movements().forEach(inv::movement);
    r.allocations().forEach(inv::allocation);
    r.stock().forEach(inv::stock);
    return inv;
  }

  @Test
  void aCorrectRun_keepsEveryInvariant() {
    Invariants inv = check(busyDay().run());
    assertThat(inv.results()).containsOnlyKeys("conservation_per_lot", "serial_in_one_place").allSatisfy((k, v) -> assertThat(v).isEqualTo(Invariants.OK));
    assertThat(inv.allHold()).isTrue();
  }

  @Test
  void aUnitMissingFromStock_breaksConservation_namingTheLot() {
    AllocationResult r = busyDay().run();
    Invariants inv = check(r);
    inv.stock(new StockPosition("A", "W9", "L", null, 1, Times.NO_DATE, 0, false)); // one unit too many
    assertThat(inv.results().get("conservation_per_lot")).contains("A/L").contains("off by 1");
    assertThat(inv.allHold()).isFalse();
  }

  @Test
  void aSerialInStockTwice_orInStockAndWithACustomer_isInTwoPlaces() {
    AllocationResult r = busyDay().run();
    Invariants inv = check(r);
    // Y went to customer C and was not returned: seeing it in stock too is a unit in two places
    inv.stock(new StockPosition("S", "W1", null, "Y", 1, Times.NO_DATE, 0, false));
    assertThat(inv.results().get("serial_in_one_place")).contains("S/Y").contains("allocated 1x");
  }
}
