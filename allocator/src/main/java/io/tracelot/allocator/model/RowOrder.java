package io.tracelot.allocator.model;

import io.tracelot.allocator.policy.CodePoints;
import java.util.Comparator;

/**
 * The canonical row order of each output table: how snapshots are sorted and how tests compare
 * runs row for row, independent of parallelism and processing order.
 */
public final class RowOrder {
  private static final Comparator<String> STR = Comparator.nullsFirst(CodePoints.ORDER);

  public static final Comparator<Allocation> ALLOCATIONS =
      Comparator.comparing(Allocation::sku, STR)
          .thenComparing(Allocation::lot, STR)
          .thenComparing(Allocation::serial, STR)
          .thenComparingLong(Allocation::allocTs)
          .thenComparing(Allocation::orderId, STR)
          .thenComparingLong(Allocation::line)
          .thenComparing(Allocation::warehouse, STR)
          .thenComparingLong(Allocation::qty)
          .thenComparing(Allocation::fill);

  public static final Comparator<Backorder> BACKORDERS =
      Comparator.comparing(Backorder::sku, STR)
          .thenComparing(Backorder::warehouse, STR)
          .thenComparingInt(Backorder::priority)
          .thenComparingLong(Backorder::ts)
          .thenComparing(Backorder::orderId, STR)
          .thenComparingLong(Backorder::line);

  public static final Comparator<StockPosition> STOCK =
      Comparator.comparing(StockPosition::sku, STR)
          .thenComparing(StockPosition::lot, STR)
          .thenComparing(StockPosition::warehouse, STR)
          .thenComparing(StockPosition::serial, STR);

  public static final Comparator<GenealogyEdge> GENEALOGY =
      Comparator.comparing(GenealogyEdge::parentSku, STR)
          .thenComparing(GenealogyEdge::parentLot, STR)
          .thenComparing(GenealogyEdge::childSku, STR)
          .thenComparing(GenealogyEdge::childLot, STR)
          .thenComparing(GenealogyEdge::ref, STR);

  public static final Comparator<Movement> MOVEMENTS =
      Comparator.comparingLong(Movement::ts).thenComparing(Movement::eventId, STR);

  public static final Comparator<Reject> REJECTS =
      Comparator.comparing(Reject::source)
          .thenComparing(Reject::file, STR)
          .thenComparingLong(Reject::lineNo)
          .thenComparing(Reject::recordId, STR)
          .thenComparing(Reject::reason)
          .thenComparing(Reject::raw, STR);

  public static final Comparator<Sku> SKUS = Comparator.comparing(Sku::sku, STR);

  private RowOrder() {}
}
