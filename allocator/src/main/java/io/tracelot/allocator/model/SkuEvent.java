package io.tracelot.allocator.model;

/** An input event that belongs to one sku: a movement or an order line. */
public sealed interface SkuEvent permits Movement, OrderLine {
  String sku();

  /** Epoch microseconds. */
  long ts();
}
