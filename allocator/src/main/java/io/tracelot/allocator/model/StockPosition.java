package io.tracelot.allocator.model;

/**
 * What is left (snapshot table stock): per (sku, warehouse, lot) for NONE and LOT items, per
 * serial (qty 1) for SERIAL items. lot is null for the lot "".
 */
public record StockPosition(
    String sku, String warehouse, String lot, String serial, long qty, int expiry, long ageTs, boolean held) {
  public StockPosition {
    if (qty <= 0) {
      throw new IllegalArgumentException("stock of " + sku + "/" + warehouse + "/" + lot + " must be > 0, got " + qty);
    }
  }
}
