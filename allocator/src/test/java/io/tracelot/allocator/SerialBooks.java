package io.tracelot.allocator;

import io.tracelot.allocator.model.Allocation;
import io.tracelot.allocator.model.InputEvent;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.MovementType;
import io.tracelot.allocator.model.Reject;
import io.tracelot.allocator.model.Sku;
import io.tracelot.allocator.model.Times;

/** Builds big serial books for index tests, through the allocator itself. */
public final class SerialBooks {
  private SerialBooks() {}

  public static SkuBook withUnits(Sku sku, int units) {
    SkuBook book = SkuBook.create(sku);
    SkuAllocator allocator = new SkuAllocator(book, new AllocationOutput() {
      @Override
      public void allocated(Allocation a) {}

      @Override
      public void accepted(Movement m) {}

      @Override
      public void rejected(Reject r) {
        throw new AssertionError(r.toString());
      }
    });
    for (int i = 0; i < units; i++) {
      Movement m = new Movement("m" + i, 1_000_000L * i, MovementType.RECEIPT, sku.sku(), "LOT-" + (i % 17), "SN-" + String.format("%09d", i),
          1, "W" + (i % 3), null, Times.NO_DATE, "SUP", null);
      allocator.apply(new InputEvent(m, "movements.csv", i + 2, null));
    }
    return book;
  }
}
