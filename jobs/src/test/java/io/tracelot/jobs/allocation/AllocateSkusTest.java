package io.tracelot.jobs.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelot.allocator.model.Allocation;
import io.tracelot.allocator.model.Fill;
import io.tracelot.allocator.model.InputEvent;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.MovementType;
import io.tracelot.allocator.model.OrderLine;
import io.tracelot.allocator.model.Policy;
import io.tracelot.allocator.model.Sku;
import io.tracelot.allocator.model.StockPosition;
import io.tracelot.allocator.model.Times;
import io.tracelot.allocator.model.Tracking;
import io.tracelot.jobs.common.Keys;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import io.tracelot.jobs.common.DuplicateRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The allocation operator alone, in Flink's keyed operator test harness. */
class AllocateSkusTest {
  private static final long T0 = Times.startOf(LocalDate.of(2026, 11, 20));
  private static final long HOUR = 3_600_000_000L;
  private static final Map<String, Sku> SKUS = Map.of("A", Sku.of("A", Tracking.LOT, Policy.FEFO), "B", Sku.of("B", Tracking.LOT, Policy.FIFO));

  @TempDir Path dir;

  private KeyedTwoInputStreamOperatorTestHarness<Long, InputEvent, DuplicateRow, Allocation> harness(Path stock) throws Exception {
    var h = new KeyedTwoInputStreamOperatorTestHarness<>(new AllocateSkus(SKUS, stock.toString(), 10, 100), e -> Keys.of(e.sku()), d -> Keys.of(d.sku()), Types.LONG, 128, 1, 0);
    h.open();
    return h;
  }

  /** A later attempt of the subtask, restored from a checkpoint as Flink restores it. */
  private KeyedTwoInputStreamOperatorTestHarness<Long, InputEvent, DuplicateRow, Allocation> restored(Path stock, OperatorSubtaskState checkpoint, long checkpointId)
      throws Exception {
    var h = new KeyedTwoInputStreamOperatorTestHarness<>(new AllocateSkus(SKUS, stock.toString(), 10, 100), e -> Keys.of(e.sku()), d -> Keys.of(d.sku()), Types.LONG, 128, 1, 0);
    h.setRestoredCheckpointId(checkpointId);
    h.initializeState(checkpoint);
    h.open();
    return h;
  }

  private static InputEvent receipt(String id, String sku, long ts, String lot, long qty) {
    return new InputEvent(new Movement(id, ts, MovementType.RECEIPT, sku, lot, null, qty, "W1", null, Times.NO_DATE, "SUP", null), "movements.csv", 2, null);
  }

  private static InputEvent line(String order, String sku, long ts, long qty) {
    return new InputEvent(new OrderLine(order, 1, ts, "C1", sku, qty, "W1", Times.dateOf(ts), 0, 100), "orders.csv", 2, null);
  }

  @Test
  void eventsWaitForTheWatermark_thenApplyInSpecOrder_notArrivalOrder() throws Exception {
    try (var h = harness(dir.resolve("stock"))) {
      h.processElement1(new StreamRecord<>(line("O1", "A", T0 + HOUR, 5)));
      h.processElement1(new StreamRecord<>(receipt("m1", "A", T0 + HOUR, "L1", 3)));
      assertThat(h.extractOutputValues()).isEmpty();
      h.processBothWatermarks(new Watermark(T0 + HOUR));
      assertThat(h.extractOutputValues()).singleElement().satisfies(a -> {
        assertThat(a.qty()).isEqualTo(3);
        assertThat(a.fill()).isEqualTo(Fill.INITIAL);
      });
      h.processElement1(new StreamRecord<>(receipt("m2", "A", T0 + 2 * HOUR, "L2", 10)));
      h.processBothWatermarks(new Watermark(T0 + 2 * HOUR));
      assertThat(h.extractOutputValues()).extracting(Allocation::fill).containsExactly(Fill.INITIAL, Fill.BACKORDER);
      assertThat(h.getSideOutput(AllocateSkus.MOVEMENTS)).hasSize(2);
    }
  }

  @Test
  void withoutWatermarks_eventsWaitOnOneTimerPerKey_forTheEndOfTheInput() throws Exception {
    var unwatermarked = new AllocateSkus(SKUS, StockIndexKind.CHRONICLE, dir.resolve("stock").toString(), 10, 100, null, false);
    try (var h = new KeyedTwoInputStreamOperatorTestHarness<>(unwatermarked, (InputEvent e) -> Keys.of(e.sku()), (DuplicateRow d) -> Keys.of(d.sku()), Types.LONG, 128, 1, 0)) {
      h.open();
      h.processElement1(new StreamRecord<>(line("O1", "A", T0 + HOUR, 5)));
      h.processElement1(new StreamRecord<>(receipt("m2", "A", T0 + 2 * HOUR, "L2", 10)));
      h.processElement1(new StreamRecord<>(receipt("m1", "A", T0 + HOUR, "L1", 3)));
      h.processElement1(new StreamRecord<>(line("O2", "B", T0 + 3 * HOUR, 1)));
      assertThat(h.numEventTimeTimers()).isEqualTo(2); // one per key, not one per event time
      h.processBothWatermarks(new Watermark(T0 + 2 * HOUR));
      assertThat(h.extractOutputValues()).isEmpty();
      h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
      // the same result as per-event timers: L1 then L2, in the spec's order
      assertThat(h.extractOutputValues()).extracting(Allocation::orderId, Allocation::lot, Allocation::qty, Allocation::fill).containsExactly(
          org.assertj.core.groups.Tuple.tuple("O1", "L1", 3L, Fill.INITIAL), org.assertj.core.groups.Tuple.tuple("O1", "L2", 2L, Fill.BACKORDER));
      assertThat(h.numEventTimeTimers()).isZero();
      h.endAllInputs();
      assertThat(h.getSideOutput(AllocateSkus.BACKORDERS)).extracting(r -> r.getValue().orderId()).containsExactly("O2");
    }
  }

  @Test
  void endOfInput_emitsStockAndBackordersOfEverySkuInTheIndex_evenUntouchedOnes() throws Exception {
    Path stock = dir.resolve("stock");
    try (var h = harness(stock)) {
      h.processElement1(new StreamRecord<>(receipt("m1", "A", T0, "L1", 3)));
      h.processElement1(new StreamRecord<>(line("O1", "B", T0, 2)));
      h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
      h.endAllInputs();
    }
    StockAttempts.promote(stock, 128); // what the run does after the job
    // a second run that touches nothing still reports what the index holds
    try (var h = harness(stock)) {
      h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
      h.endAllInputs();
      List<StockPosition> positions = h.getSideOutput(AllocateSkus.STOCK).stream().map(StreamRecord::getValue).toList();
      assertThat(positions).extracting(StockPosition::sku, StockPosition::lot, StockPosition::qty).containsExactly(org.assertj.core.groups.Tuple.tuple("A", "L1", 3L));
      assertThat(h.getSideOutput(AllocateSkus.BACKORDERS)).extracting(r -> r.getValue().orderId()).containsExactly("O1");
    }
  }

  @Test
  void restoredCheckpoint_bringsBackTheIndexOfThatCheckpoint_notWhatTheFailedAttemptWroteAfterIt() throws Exception {
    Path stock = dir.resolve("stock");
    OperatorSubtaskState checkpoint;
    List<Allocation> failedAttempt;
    try (var h = harness(stock)) {
      h.processElement1(new StreamRecord<>(receipt("m1", "A", T0, "L1", 3)));
      h.processElement1(new StreamRecord<>(line("O1", "A", T0, 5)));
      checkpoint = h.snapshot(1, 0); // the events wait in keyed state; the index is empty
      h.notifyOfCompletedCheckpoint(1);
      h.processBothWatermarks(new Watermark(Long.MAX_VALUE)); // applied: the attempt's index now holds them
      failedAttempt = h.extractOutputValues();
      assertThat(failedAttempt).singleElement().satisfies(a -> assertThat(a.qty()).isEqualTo(3));
    } // and it fails before its end of input

    try (var h = restored(stock, checkpoint, 1)) {
      h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
      h.endAllInputs();
      // applied once: on the index as of checkpoint 1 the line takes the 3 units and waits for 2;
      // on the failed attempt's index the receipt would have come twice
      assertThat(h.extractOutputValues()).isEqualTo(failedAttempt);
      assertThat(h.getSideOutput(AllocateSkus.STOCK)).isNullOrEmpty();
      assertThat(h.getSideOutput(AllocateSkus.BACKORDERS)).singleElement().satisfies(b -> assertThat(b.getValue().qtyOpen()).isEqualTo(2));
    }
    assertThat(StockAttempts.promote(stock, 128)).extracting(StockAttempts.Promoted::origin).containsExactly("checkpoint 1");
  }

  @Test
  void restoredAfterItsEndOfInput_theSubtaskEmitsNothingAgain_andKeepsItsFinalIndex() throws Exception {
    Path stock = dir.resolve("stock");
    OperatorSubtaskState checkpoint;
    try (var h = harness(stock)) {
      h.processElement1(new StreamRecord<>(receipt("m1", "A", T0, "L1", 3)));
      h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
      h.endAllInputs();
      assertThat(h.getSideOutput(AllocateSkus.STOCK)).hasSize(1);
      checkpoint = h.snapshot(2, 0); // taken after the end: the stock rows are in its output
      h.notifyOfCompletedCheckpoint(2);
    }
    // Flink reopens a subtask restored from such a checkpoint and ends its input once more
    try (var h = restored(stock, checkpoint, 2)) {
      h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
      h.endAllInputs();
      assertThat(h.extractOutputValues()).isEmpty();
      assertThat(h.getSideOutput(AllocateSkus.STOCK)).isNullOrEmpty();
    }
    StockAttempts.promote(stock, 128);
    try (var h = harness(stock)) { // the next run starts from the final index
      h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
      h.endAllInputs();
      assertThat(h.getSideOutput(AllocateSkus.STOCK)).extracting(r -> r.getValue().qty()).containsExactly(3L);
    }
  }

  @Test
  void aRowThatLostItsId_isRejectedAsADuplicate_notApplied() throws Exception {
    try (var h = harness(dir.resolve("stock"))) {
      InputEvent first = receipt("m1", "A", T0, "L1", 3);
      InputEvent again = new InputEvent(receipt("m1", "A", T0, "L1", 3).event(), "movements.csv", 9, "raw line 9");
      h.processElement1(new StreamRecord<>(first));
      h.processElement1(new StreamRecord<>(again));
      h.processElement2(new StreamRecord<>(new DuplicateRow("A", "movements.csv", 9, "movements.csv", 2)));
      h.processElement1(new StreamRecord<>(line("O1", "A", T0, 5)));
      h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
      h.endAllInputs();
      assertThat(h.getSideOutput(AllocateSkus.MOVEMENTS)).extracting(r -> r.getValue().eventId()).containsExactly("m1");
      assertThat(h.extractOutputValues()).singleElement().satisfies(a -> assertThat(a.qty()).isEqualTo(3)); // 3 units came in, not 6
      assertThat(h.getSideOutput(AllocateSkus.REJECTS)).singleElement().satisfies(r -> {
        assertThat(r.getValue().reason()).isEqualTo(io.tracelot.allocator.model.RejectReason.DUPLICATE_EVENT);
        assertThat(r.getValue().lineNo()).isEqualTo(9);
        assertThat(r.getValue().message()).isEqualTo("m1 was first seen at movements.csv:2");
      });
    }
  }
}
