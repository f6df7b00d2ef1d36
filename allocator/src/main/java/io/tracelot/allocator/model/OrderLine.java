package io.tracelot.allocator.model;

/** One order line (orders.csv), validated. Dates are epoch days. */
public record OrderLine(
    String orderId,
    long line,
    long ts,
    String customer,
    String sku,
    long qty,
    String warehouse,
    int shipDate,
    int minShelfDays,
    int priority)
    implements SkuEvent {
  public static final int DEFAULT_PRIORITY = 100;

  public OrderLine {
    Ids.require("order_id", orderId);
    Ids.require("customer", customer);
    Ids.require("sku", sku);
    Ids.require("warehouse", warehouse);
    if (qty <= 0) {
      throw new IllegalArgumentException("qty of order line " + orderId + ":" + line + " must be > 0, got " + qty);
    }
    if (minShelfDays < 0) {
      throw new IllegalArgumentException("min_shelf_days of order line " + orderId + ":" + line + " must be >= 0, got " + minShelfDays);
    }
    Times.checkDate("ship_date", shipDate);
    if (shipDate == Times.NO_DATE) {
      throw new IllegalArgumentException("ship_date of order line " + orderId + ":" + line + " is required");
    }
  }

  /** The record id used in rejects: {@code order_id:line}. */
  public String recordId() {
    return orderId + ":" + line;
  }

  /** A lot must not expire before this epoch day: ship_date + min_shelf_days. */
  public long earliestAcceptableExpiry() {
    return (long) shipDate + minShelfDays;
  }
}
