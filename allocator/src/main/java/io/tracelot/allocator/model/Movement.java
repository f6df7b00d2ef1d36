package io.tracelot.allocator.model;

import java.util.Objects;

/**
 * One movement of stock (movements.csv), validated. Absent optional values are null; an absent
 * expiry is {@link Times#NO_DATE}. For HOLD/RELEASE the quantity is 0 and the warehouse may be
 * null. For serial items the quantity is 1 (or -1 for a negative ADJUST).
 */
public record Movement(
    String eventId,
    long ts,
    MovementType type,
    String sku,
    String lot,
    String serial,
    long qty,
    String warehouse,
    String toWarehouse,
    int expiry,
    String party,
    String ref)
    implements SkuEvent {

  public Movement {
    Ids.require("event_id", eventId);
    Objects.requireNonNull(type, () -> "type of movement '" + eventId + "' is required");
    Ids.require("sku", sku);
    Ids.optional("lot", lot);
    Ids.optional("serial", serial);
    Ids.optional("warehouse", warehouse);
    Ids.optional("to_warehouse", toWarehouse);
    Ids.optional("party", party);
    Ids.optional("ref", ref);
    Times.checkDate("expiry", expiry);
    if (type.isHoldOrRelease()) {
      if (qty != 0) {
        throw new IllegalArgumentException(type + " '" + eventId + "' carries no quantity, got " + qty);
      }
    } else {
      if (warehouse == null) {
        throw new IllegalArgumentException(type + " '" + eventId + "' needs a warehouse");
      }
      if (type == MovementType.ADJUST ? qty == 0 : qty <= 0) {
        throw new IllegalArgumentException(type + " '" + eventId + "' has bad quantity " + qty);
      }
    }
    if (type == MovementType.TRANSFER && toWarehouse == null) {
      throw new IllegalArgumentException("TRANSFER '" + eventId + "' needs a to_warehouse");
    }
  }

  /** The lot key: a movement without a lot belongs to the lot "" of its sku. */
  public String lotKey() {
    return lot == null ? "" : lot;
  }

  /** The same movement with another lot, e.g. a serial row resolved to the unit's own lot. */
  public Movement withLot(String newLot) {
    return new Movement(eventId, ts, type, sku, newLot, serial, qty, warehouse, toWarehouse, expiry, party, ref);
  }
}
