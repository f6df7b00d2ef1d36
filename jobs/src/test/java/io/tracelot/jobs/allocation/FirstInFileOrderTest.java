package io.tracelot.jobs.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelot.jobs.common.DuplicateRow;
import io.tracelot.jobs.common.IdClaim;
import io.tracelot.jobs.common.Keys;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Duplicate detection alone, in Flink's keyed two-input operator test harness. */
class FirstInFileOrderTest {
  private static KeyedTwoInputStreamOperatorTestHarness<Long, IdClaim, String, DuplicateRow> harness() throws Exception {
    var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new FirstInFileOrder()), (IdClaim c) -> Keys.of(c.id()),
        (String id) -> Keys.of(id), Types.LONG, 128, 1, 0);
    h.open();
    return h;
  }

  private static IdClaim claim(String id, String file, long line, String sku) {
    return claim(id, file, line, 0, sku);
  }

  private static IdClaim claim(String id, String file, long line, long ts, String sku) {
    return new IdClaim(id, file, line, ts, sku);
  }

  @Test
  void rowsArrivingOutOfFileOrder_loseToTheFirstInFileOrder_andTheirMessagesNameIt() throws Exception {
    try (var h = harness()) {
      // file order: b.csv before c.csv; within a file by line
      h.processElement1(new StreamRecord<>(claim("M:e1", "c.csv", 2, "A")));
      h.processElement1(new StreamRecord<>(claim("M:e1", "b.csv", 7, "B")));
      h.processElement1(new StreamRecord<>(claim("M:e1", "b.csv", 3, "A")));
      h.processElement1(new StreamRecord<>(claim("M:e2", "c.csv", 5, "A"))); // unique: never reported
      assertThat(h.extractOutputValues()).as("losers wait for the end").isEmpty();
      h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
      assertThat(h.extractOutputValues()).containsExactlyInAnyOrder(
          new DuplicateRow("A", "c.csv", 2, "b.csv", 3),
          new DuplicateRow("B", "b.csv", 7, "b.csv", 3));
    }
  }

  @Test
  void anIdUsedByAnEarlierRun_makesEveryRowWithItLose_beforeOrAfterTheRowsArrive() throws Exception {
    try (var h = harness()) {
      h.processElement1(new StreamRecord<>(claim("O:o1:1", "a.csv", 2, "A")));
      h.processElement1(new StreamRecord<>(claim("O:o1:1", "a.csv", 4, "A")));
      h.processElement2(new StreamRecord<>("O:o1:1"));
      h.processElement1(new StreamRecord<>(claim("O:o1:1", "a.csv", 9, "B")));
      h.processElement2(new StreamRecord<>("O:o2:1")); // no row uses it
      h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
      List<DuplicateRow> out = h.extractOutputValues();
      assertThat(out).containsExactlyInAnyOrder(
          new DuplicateRow("A", "a.csv", 2, null, 0),
          new DuplicateRow("A", "a.csv", 4, null, 0),
          new DuplicateRow("B", "a.csv", 9, null, 0));
    }
  }

  /**
   * With a watermark (not from files, which carry none): a loser is reported when the watermark
   * passes its own ts, before the allocation may apply it; a row arriving after its id's first
   * row was released loses to it, even if it comes first in file order.
   */
  @Test
  void withWatermarks_losersAreReportedByTheirOwnTs_andLateRowsLoseToTheReleasedFirst() throws Exception {
    try (var h = harness()) {
      h.processElement1(new StreamRecord<>(claim("M:e1", "a.csv", 5, 10, "A")));
      h.processElement1(new StreamRecord<>(claim("M:e1", "a.csv", 9, 30, "A")));
      h.processBothWatermarks(new Watermark(20));
      assertThat(h.extractOutputValues()).as("the loser's ts is not passed yet").isEmpty();
      h.processBothWatermarks(new Watermark(30));
      assertThat(h.extractOutputValues()).containsExactly(new DuplicateRow("A", "a.csv", 9, "a.csv", 5));
      // a.csv:5 (ts 10) may be applied by now: a late row earlier in file order loses to it
      h.processElement1(new StreamRecord<>(claim("M:e1", "a.csv", 2, 12, "A")));
      assertThat(h.extractOutputValues()).last().isEqualTo(new DuplicateRow("A", "a.csv", 2, "a.csv", 5));
    }
  }
}
