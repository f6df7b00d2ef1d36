package io.tracelot.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelot.allocator.model.InputEvent;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.MovementType;
import io.tracelot.allocator.model.OrderLine;
import io.tracelot.allocator.model.Times;
import io.tracelot.allocator.policy.EventOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Allocator#inEventOrder} against a plain stable sort with the spec's comparator. */
class EventOrderSortTest {
  private static final Comparator<InputEvent> ORDER = (a, b) -> EventOrder.compare(a.event(), b.event());
  private static final long T0 = Times.parseInstant("2026-10-01T06:00:00Z");

  private static InputEvent event(Random rnd, int i, long ts) {
    if (rnd.nextBoolean()) {
      // ids with shared prefixes and, now and then, characters on both sides of the surrogates
      String id = "M" + rnd.nextInt(50) + (rnd.nextInt(10) == 0 ? "\uE000" : rnd.nextInt(10) == 0 ? "\uD83D\uDE00" : "");
      return new InputEvent(new Movement(id, ts, MovementType.RECEIPT, "S", "L" + rnd.nextInt(3), null, 1, "W1", null, Times.NO_DATE, "SUP", null),
          "movements.csv", i + 2, null);
    }
    return new InputEvent(new OrderLine("SO" + rnd.nextInt(20), 1 + rnd.nextInt(3), ts, "C1", "S", 1, "W1", Times.dateOf(ts), 0, rnd.nextInt(3) * 50),
        "orders.csv", i + 2, null);
  }

  private static void sameAsStableSort(List<InputEvent> events) {
    List<InputEvent> expected = new ArrayList<>(events);
    expected.sort(ORDER);
    List<InputEvent> actual = Allocator.inEventOrder(events);
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i)).as("position %d of %d", i, expected.size()).isSameAs(expected.get(i));
    }
  }

  @Test
  void manyTiesAndSizes() {
    Random rnd = new Random(11);
    for (int round = 0; round < 300; round++) {
      int n = rnd.nextInt(round < 50 ? 5 : 3_000);
      int distinctTs = 1 + rnd.nextInt(40);
      List<InputEvent> events = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        events.add(event(rnd, i, T0 + 1_000_000L * rnd.nextInt(distinctTs)));
      }
      sameAsStableSort(events);
    }
  }

  @Test
  void aSpanTooWideForTheKeyFallsBackToTheComparator() {
    Random rnd = new Random(5);
    List<InputEvent> events = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      long ts = switch (i % 3) {
        case 0 -> Times.parseInstant("0001-01-01T00:00:00Z");
        case 1 -> Times.parseInstant("9999-12-31T23:59:59Z");
        default -> T0;
      };
      events.add(event(rnd, i, ts));
    }
    sameAsStableSort(events);
  }
}
