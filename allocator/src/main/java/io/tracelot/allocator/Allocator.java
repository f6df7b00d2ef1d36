package io.tracelot.allocator;

import io.tracelot.allocator.index.StockIndex;
import io.tracelot.allocator.model.InputEvent;
import io.tracelot.allocator.model.Sku;
import io.tracelot.allocator.policy.EventOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The allocator: applies batches of one sku's validated, de-duplicated events against a stock
 * index, in the spec's event order, and reports allocations, accepted movements and rejects to the
 * output. A batch is one load and one store of the sku's book.
 */
public final class Allocator {
  private static final Comparator<InputEvent> ORDER = (a, b) -> EventOrder.compare(a.event(), b.event());

  private final StockIndex index;
  private final AllocationOutput out;

  public Allocator(StockIndex index, AllocationOutput out) {
    this.index = Objects.requireNonNull(index, "index");
    this.out = Objects.requireNonNull(out, "out");
  }

  /**
   * Applies events of one sku. They may come in any order; they are applied in the spec's order.
   * Events of a later batch must all order after those of earlier batches.
   */
  public void apply(Sku sku, List<InputEvent> events) {
    List<InputEvent> ordered = new ArrayList<>(events);
    ordered.sort(ORDER);
    SkuBook book = index.load(sku.sku());
    if (book == null) {
      book = SkuBook.create(sku);
    }
    SkuAllocator allocator = new SkuAllocator(book, out);
    for (InputEvent e : ordered) {
      if (!e.sku().equals(sku.sku())) {
        throw new IllegalArgumentException("event " + e.recordId() + " of sku " + e.sku() + " in a batch of sku " + sku.sku());
      }
      allocator.apply(e);
    }
    index.store(book);
  }
}
