package io.tracelot.allocator.model;

/** Whether an allocation was taken when its order line arrived or later, from the backorder queue. */
public enum Fill {
  INITIAL,
  BACKORDER
}
