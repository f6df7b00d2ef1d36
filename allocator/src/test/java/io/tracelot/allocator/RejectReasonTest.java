package io.tracelot.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelot.allocator.model.InputSource;
import io.tracelot.allocator.model.Reject;
import io.tracelot.allocator.model.RejectReason;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every reject reason of inputs.md, and the precedence of allocation.md when several apply. */
class RejectReasonTest {
  private static Scenario items() {
    return new Scenario().sku("LOTTY", "LOT", "FEFO").sku("SER", "SERIAL", "FEFO").sku("BULK", "NONE", "FIFO");
  }

  private static Reject only(AllocationResult r) {
    assertThat(r.rejects()).hasSize(1);
    return r.rejects().get(0);
  }

  @Test
  void parseError_isReportedWithFileLineAndRaw() {
    Reject r = only(items().unparseable(InputSource.MOVEMENTS, "m1,\"broken").run());
    assertThat(r.reason()).isEqualTo(RejectReason.PARSE_ERROR);
    assertThat(r.file()).isEqualTo("movements.csv");
    assertThat(r.lineNo()).isEqualTo(2);
    assertThat(r.raw()).isEqualTo("m1,\"broken");
  }

  @Test
  void missingField_namesTheFields() {
    Reject r = only(items().move("event_id=m1 ts=08:00 type=RECEIPT sku=LOTTY lot=L warehouse=W1").run());
    assertThat(r.reason()).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(r.message()).contains("qty").contains("party");
  }

  @Test
  void missingField_lotOfALotItem_serialOfASerialItem() {
    AllocationResult r = items()
        .move("event_id=m1 ts=08:00 type=RECEIPT sku=LOTTY qty=1 warehouse=W1 party=S")
        .move("event_id=m2 ts=08:00 type=RECEIPT sku=SER lot=L warehouse=W1 party=S")
        .run();
    assertThat(Rows.rejects(r)).containsExactly("m1 MISSING_FIELD", "m2 MISSING_FIELD");
  }

  @Test
  void badValue_forEachKindOfBadValue() {
    AllocationResult r = items()
        .move("event_id=m1 ts=yesterday type=RECEIPT sku=LOTTY lot=L qty=1 warehouse=W1 party=S")
        .move("event_id=m2 ts=08:00 type=STEAL sku=LOTTY lot=L qty=1 warehouse=W1 party=S")
        .move("event_id=m3 ts=08:00 type=RECEIPT sku=LOTTY lot=L qty=1.5 warehouse=W1 party=S")
        .move("event_id=m4 ts=08:00 type=RECEIPT sku=LOTTY lot=L qty=0 warehouse=W1 party=S")
        .move("event_id=m5 ts=08:00 type=ADJUST sku=LOTTY lot=L qty=0 warehouse=W1")
        .move("event_id=m6 ts=08:00 type=RECEIPT sku=LOTTY lot=L qty=9007199254740992 warehouse=W1 party=S")
        .move("event_id=m7 ts=08:00 type=RECEIPT sku=LOTTY lot=L qty=1 warehouse=W1 party=S expiry=2027-02-30")
        .move("event_id=m8 ts=08:00 type=TRANSFER sku=LOTTY lot=L qty=1 warehouse=W1 to_warehouse=W1")
        .move("event_id=m9 ts=08:00 type=RECEIPT sku=LOTTY lot=" + "x".repeat(129) + " qty=1 warehouse=W1 party=S")
        .move("event_id=m10 ts=2026-11-20T08:00:00.1234567Z type=RECEIPT sku=LOTTY lot=L qty=1 warehouse=W1 party=S")
        .order("order_id=O1 line=one ts=08:00 customer=C sku=LOTTY qty=1 warehouse=W1")
        .order("order_id=O2 line=1 ts=08:00 customer=C sku=LOTTY qty=-1 warehouse=W1")
        .order("order_id=O3 line=1 ts=08:00 customer=C sku=LOTTY qty=1 warehouse=W1 min_shelf_days=-3")
        .run();
    assertThat(r.rejects()).extracting(Reject::reason).containsOnly(RejectReason.BAD_VALUE).hasSize(13);
  }

  @Test
  void unknownSku() {
    assertThat(only(items().order("order_id=O1 line=1 ts=08:00 customer=C sku=NOPE qty=1 warehouse=W1").run()).reason())
        .isEqualTo(RejectReason.UNKNOWN_SKU);
  }

  @Test
  void trackingMismatch_forEachTracking() {
    AllocationResult r = items()
        .move("event_id=m1 ts=08:00 type=RECEIPT sku=BULK lot=L qty=1 warehouse=W1 party=S")
        .move("event_id=m2 ts=08:00 type=RECEIPT sku=LOTTY lot=L serial=X qty=1 warehouse=W1 party=S")
        .move("event_id=m3 ts=08:00 type=RECEIPT sku=SER serial=X qty=2 warehouse=W1 party=S")
        .move("event_id=m4 ts=08:00 type=HOLD sku=SER serial=X")
        .run();
    assertThat(Rows.rejects(r)).containsExactly("m1 TRACKING_MISMATCH", "m2 TRACKING_MISMATCH", "m3 TRACKING_MISMATCH", "m4 TRACKING_MISMATCH");
  }

  @Test
  void duplicateEvent_andDuplicateOrderLine_firstInFileOrderWins() {
    AllocationResult r = items()
        .move("event_id=m1 ts=09:00 type=RECEIPT sku=LOTTY lot=FIRST qty=1 warehouse=W1 party=S")
        .move("event_id=m1 ts=08:00 type=RECEIPT sku=LOTTY lot=SECOND qty=1 warehouse=W1 party=S")
        .order("order_id=O1 line=1 ts=10:00 customer=C sku=LOTTY qty=1 warehouse=W1")
        .order("order_id=O1 line=1 ts=10:00 customer=C sku=LOTTY qty=5 warehouse=W1")
        .run();
    assertThat(Rows.rejects(r)).containsExactly("m1 DUPLICATE_EVENT", "O1:1 DUPLICATE_ORDER_LINE");
    assertThat(r.rejects()).extracting(Reject::lineNo).containsExactly(3L, 3L);
    assertThat(Rows.allocations(r)).containsExactly("O1:1 W1 FIRST x1 INITIAL@10:00");
  }

  @Test
  void duplicate_countsOnlyRowsThatPassTheRowRules() {
    AllocationResult r = items()
        .move("event_id=m1 ts=junk type=RECEIPT sku=LOTTY lot=L qty=1 warehouse=W1 party=S")
        .move("event_id=m1 ts=08:00 type=RECEIPT sku=LOTTY lot=L qty=1 warehouse=W1 party=S")
        .run();
    assertThat(Rows.rejects(r)).containsExactly("m1 BAD_VALUE");
    assertThat(r.movements()).hasSize(1);
  }

  @Test
  void precedence_missingBeforeBadBeforeUnknownSkuBeforeTrackingBeforeDuplicate() {
    AllocationResult r = items()
        .move("event_id=m0 ts=08:00 type=RECEIPT sku=LOTTY lot=L qty=1 warehouse=W1 party=S")
        // missing qty and bad ts: MISSING_FIELD
        .move("event_id=m1 ts=junk type=RECEIPT sku=NOPE lot=L warehouse=W1 party=S")
        // bad ts and unknown sku: BAD_VALUE
        .move("event_id=m2 ts=junk type=RECEIPT sku=NOPE lot=L qty=1 warehouse=W1 party=S")
        // unknown sku and duplicate: UNKNOWN_SKU
        .move("event_id=m0 ts=08:00 type=RECEIPT sku=NOPE lot=L qty=1 warehouse=W1 party=S")
        // tracking mismatch and duplicate: TRACKING_MISMATCH
        .move("event_id=m0 ts=08:00 type=RECEIPT sku=BULK lot=L qty=1 warehouse=W1 party=S")
        .run();
    assertThat(Rows.rejects(r)).containsExactly("m1 MISSING_FIELD", "m2 BAD_VALUE", "m0 UNKNOWN_SKU", "m0 TRACKING_MISMATCH");
  }

  @Test
  void skuRedefinition_thatDisagrees_isBadValue_oneThatAgreesIsAccepted() {
    AllocationResult r = items().sku("LOTTY", "LOT", "FEFO").sku("LOTTY", "SERIAL", "FEFO").run();
    assertThat(Rows.rejects(r)).containsExactly("LOTTY BAD_VALUE");
  }

  @Test
  void everyReasonOfTheSpec_isProducedByThisSuiteOrTheConformanceSuite() {
    AllocationResult r = items()
        .unparseable(InputSource.ORDERS, "\"")
        .move("event_id=a ts=08:00 type=RECEIPT sku=LOTTY lot=L warehouse=W1 party=S")
        .move("event_id=b ts=junk type=RECEIPT sku=LOTTY lot=L qty=1 warehouse=W1 party=S")
        .move("event_id=c ts=08:00 type=RECEIPT sku=NOPE lot=L qty=1 warehouse=W1 party=S")
        .move("event_id=d ts=08:00 type=RECEIPT sku=BULK lot=L qty=1 warehouse=W1 party=S")
        .move("event_id=e ts=08:00 type=RECEIPT sku=LOTTY lot=L qty=5 warehouse=W1 party=S expiry=2027-01-01")
        .move("event_id=e ts=08:00 type=RECEIPT sku=LOTTY lot=L qty=5 warehouse=W1 party=S")
        .move("event_id=f ts=08:00 type=RECEIPT sku=SER serial=S1 warehouse=W1 party=S")
        .move("event_id=g ts=08:01 type=RECEIPT sku=SER serial=S1 warehouse=W1 party=S")
        .move("event_id=h ts=08:02 type=RETURN sku=SER serial=S1 warehouse=W1 party=C")
        .move("event_id=i ts=08:03 type=CONSUME sku=LOTTY lot=L qty=50 warehouse=W1 ref=WO")
        .move("event_id=j ts=08:04 type=RECEIPT sku=LOTTY lot=L qty=5 warehouse=W1 party=S expiry=2028-01-01")
        .move("event_id=k ts=08:05 type=HOLD sku=LOTTY lot=L")
        .move("event_id=l ts=08:06 type=CONSUME sku=LOTTY lot=L qty=1 warehouse=W1 ref=WO")
        .order("order_id=O ts=08:00 line=1 customer=C sku=LOTTY qty=1 warehouse=W1")
        .order("order_id=O ts=08:00 line=1 customer=C sku=LOTTY qty=1 warehouse=W1")
        .run();
    Set<RejectReason> seen = r.rejects().stream().map(Reject::reason).collect(Collectors.toCollection(() -> EnumSet.noneOf(RejectReason.class)));
    assertThat(seen).containsExactlyInAnyOrderElementsOf(Arrays.asList(RejectReason.values()));
  }
}
