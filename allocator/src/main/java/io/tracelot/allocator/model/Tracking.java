package io.tracelot.allocator.model;

/** How an item is tracked: not at all, by lot (batch) code, or by serial number per unit. */
public enum Tracking {
  NONE,
  LOT,
  SERIAL
}
