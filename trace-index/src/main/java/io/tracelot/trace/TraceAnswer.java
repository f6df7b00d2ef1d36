package io.tracelot.trace;

import io.tracelot.query.Keys;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The answer to a {@link TraceQuery}, as trace.md's JSON. Every list is in a stable order
 * (the {@code ORDER} of its row type; strings by code point, null first). Instants are epoch
 * micros, dates epoch days; the lot "" of lot-less items is null.
 *
 * @param found false when the lot, serial, order or customer asked for is unknown (every list empty)
 * @param notFound the lots of a recall that the snapshot does not know (empty otherwise)
 * @param products the item master rows of the skus in the answer (description and unit)
 */
public record TraceAnswer(
    String runId,
    Map<String, Object> query,
    boolean found,
    List<LotRow> lots,
    List<AllocationRow> allocations,
    List<ReturnRow> returns,
    List<OnHandRow> onHand,
    List<SourceRow> sources,
    List<CustomerTotal> customers,
    List<TraceQuery.LotRef> notFound,
    List<Product> products) {

  /** A lot reached; depth 0 is a lot asked for. Order: depth, sku, lot. */
  public record LotRow(String sku, String lot, int depth, Integer expiry, boolean held) {
    public static final Comparator<LotRow> ORDER = Keys.by(LotRow::depth, LotRow::sku, LotRow::lot);
  }

  /** Order: sku, lot, alloc_ts, order_id, line, serial, customer, warehouse, qty. */
  public record AllocationRow(String sku, String lot, String serial, String customer, String orderId, long line,
      long qty, long allocTs, String warehouse) {
    public static final Comparator<AllocationRow> ORDER = Keys.by(AllocationRow::sku, AllocationRow::lot,
        AllocationRow::allocTs, AllocationRow::orderId, AllocationRow::line, AllocationRow::serial,
        AllocationRow::customer, AllocationRow::warehouse, AllocationRow::qty);
  }

  /** A RETURN movement. Order: sku, lot, ts, serial, customer, warehouse, qty. */
  public record ReturnRow(String sku, String lot, String serial, String customer, long qty, long ts, String warehouse) {
    public static final Comparator<ReturnRow> ORDER = Keys.by(ReturnRow::sku, ReturnRow::lot, ReturnRow::ts,
        ReturnRow::serial, ReturnRow::customer, ReturnRow::warehouse, ReturnRow::qty);
  }

  /** Stock still on hand (to quarantine). Order: sku, lot, warehouse, serial, qty. */
  public record OnHandRow(String sku, String lot, String serial, String warehouse, long qty) {
    public static final Comparator<OnHandRow> ORDER = Keys.by(OnHandRow::sku, OnHandRow::lot, OnHandRow::warehouse,
        OnHandRow::serial, OnHandRow::qty);
  }

  /** A RECEIPT of a source lot. Order: sku, lot, ts, supplier, ref, warehouse, qty. */
  public record SourceRow(String sku, String lot, String supplier, String ref, long ts, String warehouse, long qty) {
    public static final Comparator<SourceRow> ORDER = Keys.by(SourceRow::sku, SourceRow::lot, SourceRow::ts,
        SourceRow::supplier, SourceRow::ref, SourceRow::warehouse, SourceRow::qty);
  }

  /** Units allocated to a customer over the answer's allocations. Order: customer. */
  public record CustomerTotal(String customer, long qty) {
    public static final Comparator<CustomerTotal> ORDER = Keys.by(CustomerTotal::customer);
  }

  /** A sku's description and unit of measure. Order: sku. */
  public record Product(String sku, String description, String unit) {
    public static final Comparator<Product> ORDER = Keys.by(Product::sku);
  }

  public TraceAnswer {
    lots = RowList.copyOf(lots);
    allocations = RowList.copyOf(allocations);
    returns = RowList.copyOf(returns);
    onHand = RowList.copyOf(onHand);
    sources = RowList.copyOf(sources);
    customers = RowList.copyOf(customers);
    notFound = RowList.copyOf(notFound);
    products = RowList.copyOf(products);
  }

  /** Total units over the allocations. */
  public long allocatedQty() {
    return allocations.stream().mapToLong(AllocationRow::qty).sum();
  }

  public long returnedQty() {
    return returns.stream().mapToLong(ReturnRow::qty).sum();
  }

  public long onHandQty() {
    return onHand.stream().mapToLong(OnHandRow::qty).sum();
  }
}
