package io.tracelot.allocator.model;

/** Units of one lot, or one serial, taken for an order line (snapshot table allocations). */
public record Allocation(
    String orderId,
    long line,
    String customer,
    String sku,
    String warehouse,
    String lot,
    String serial,
    long qty,
    int expiry,
    long allocTs,
    Fill fill) {
  public Allocation {
    if (qty <= 0) {
      throw new IllegalArgumentException("allocation of " + orderId + ":" + line + " must take > 0 units, got " + qty);
    }
  }
}
