package io.tracelot.allocator;

import io.tracelot.allocator.model.Allocation;
import io.tracelot.allocator.model.Backorder;
import io.tracelot.allocator.model.GenealogyEdge;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.Reject;
import io.tracelot.allocator.model.RowOrder;
import io.tracelot.allocator.model.StockPosition;
import java.util.ArrayList;
import java.util.List;

/** Every output table of a run, in memory: for small runs, the reference run and tests. */
public record AllocationResult(
    List<Allocation> allocations,
    List<Backorder> backorders,
    List<StockPosition> stock,
    List<GenealogyEdge> genealogy,
    List<Movement> movements,
    List<Reject> rejects) {

  /** The same rows, each table in its canonical {@link RowOrder}. */
  public AllocationResult sorted() {
    return new AllocationResult(
        sort(allocations, RowOrder.ALLOCATIONS),
        sort(backorders, RowOrder.BACKORDERS),
        sort(stock, RowOrder.STOCK),
        sort(genealogy, RowOrder.GENEALOGY),
        sort(movements, RowOrder.MOVEMENTS),
        sort(rejects, RowOrder.REJECTS));
  }

  private static <T> List<T> sort(List<T> rows, java.util.Comparator<? super T> order) {
    List<T> copy = new ArrayList<>(rows);
    copy.sort(order);
    return List.copyOf(copy);
  }
}
