package io.tracelot.allocator.model;

/** The order in which lots of an item are picked for an order line. */
public enum Policy {
  /** First expiry, first out: expiry ascending (lots without expiry last), then age, then lot. */
  FEFO,
  /** First in, first out: age ascending, then lot. */
  FIFO,
  /** Last in, first out: age descending, then lot ascending. */
  LIFO
}
