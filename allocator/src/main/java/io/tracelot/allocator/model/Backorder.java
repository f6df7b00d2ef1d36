package io.tracelot.allocator.model;

/** An order line still short at the end of the input (snapshot table backorders). */
public record Backorder(
    String orderId,
    long line,
    String customer,
    String sku,
    String warehouse,
    long qtyOrdered,
    long qtyOpen,
    long ts,
    int priority) {
  public Backorder {
    if (qtyOpen <= 0 || qtyOpen > qtyOrdered) {
      throw new IllegalArgumentException("backorder " + orderId + ":" + line + " open qty " + qtyOpen + " not in 1.." + qtyOrdered);
    }
  }
}
