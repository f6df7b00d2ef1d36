package io.tracelot.allocator.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelot.allocator.AllocationResult;
import io.tracelot.allocator.ReferenceAllocation;
import io.tracelot.allocator.SkuBook;
import io.tracelot.allocator.input.InputRow;
import io.tracelot.allocator.model.InputSource;
import io.tracelot.allocator.model.Policy;
import io.tracelot.allocator.model.Sku;
import io.tracelot.allocator.model.Tracking;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every stock index must do; each implementation's test extends this. */
public abstract class StockIndexContract {
  protected abstract StockIndex newIndex();

  @Test
  void load_ofAnUnknownSku_isNull() {
    try (StockIndex index = newIndex()) {
      assertThat(index.load("nope")).isNull();
      assertThat(index.size()).isZero();
    }
  }

  @Test
  void store_thenLoad_givesTheSameBook() {
    try (StockIndex index = newIndex()) {
      AllocationResult expected = runInto(index, "A");
      SkuBook loaded = index.load("A");
      assertThat(loaded.sku().tracking()).isEqualTo(Tracking.LOT);
      assertThat(loaded.stockPositions()).containsExactlyInAnyOrderElementsOf(expected.stock());
      assertThat(loaded.openBackorders()).containsExactlyInAnyOrderElementsOf(expected.backorders());
    }
  }

  @Test
  void forEach_visitsEverySkuOnce() {
    try (StockIndex index = newIndex()) {
      for (int i = 0; i < 50; i++) {
        index.store(SkuBook.create(new Sku("S" + i, Tracking.LOT, Policy.FIFO, null, null)));
      }
      index.store(SkuBook.create(new Sku("S7", Tracking.LOT, Policy.FIFO, null, null)));
      Set<String> seen = new HashSet<>();
      index.forEach(b -> assertThat(seen.add(b.skuId())).isTrue());
      assertThat(seen).hasSize(50);
      assertThat(index.size()).isEqualTo(50);
    }
  }

  /** Runs a small scenario with stock, holds and a backorder for sku {@code sku} into the index. */
  protected static AllocationResult runInto(StockIndex index, String sku) {
    List<InputRow> skus = List.of(row(InputSource.SKUS, Map.of("sku", sku, "tracking", "LOT", "policy", "FEFO")));
    List<InputRow> moves = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      moves.add(row(InputSource.MOVEMENTS, Map.of("event_id", "m" + i, "ts", "2026-11-20T08:00:" + (10 + i) + "Z", "type", "RECEIPT", "sku", sku,
          "lot", "L" + (i % 7), "qty", String.valueOf(5 + i), "warehouse", "W" + (i % 3), "party", "SUP", "expiry", "2027-0" + (1 + i % 7) + "-01")));
    }
    moves.add(row(InputSource.MOVEMENTS, Map.of("event_id", "h", "ts", "2026-11-20T08:00:59Z", "type", "HOLD", "sku", sku, "lot", "L3")));
    List<InputRow> orders = List.of(
        row(InputSource.ORDERS, Map.of("order_id", "O1", "line", "1", "ts", "2026-11-20T09:00:00Z", "customer", "C", "sku", sku, "qty", "40", "warehouse", "W1")),
        row(InputSource.ORDERS, Map.of("order_id", "O2", "line", "1", "ts", "2026-11-20T09:00:00Z", "customer", "C", "sku", sku, "qty", "900", "warehouse", "W2")));
    return ReferenceAllocation.run(skus, moves, orders, index);
  }

  private static InputRow row(InputSource table, Map<String, String> fields) {
    return new InputRow(table, table.tableName() + ".csv", 2, fields.toString(), fields, null);
  }
}
