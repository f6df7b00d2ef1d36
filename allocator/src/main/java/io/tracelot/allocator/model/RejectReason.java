package io.tracelot.allocator.model;

/**
 * Why a row was not applied. The declaration order is the precedence of allocation.md: when
 * several reasons apply, the first one declared here is reported.
 */
public enum RejectReason {
  PARSE_ERROR,
  MISSING_FIELD,
  BAD_VALUE,
  UNKNOWN_SKU,
  TRACKING_MISMATCH,
  DUPLICATE_EVENT,
  DUPLICATE_ORDER_LINE,
  // the stock rules, checked while the event is applied
  DUPLICATE_SERIAL,
  UNKNOWN_SERIAL,
  INSUFFICIENT_STOCK,
  EXPIRY_MISMATCH,
  LOT_HELD
}
