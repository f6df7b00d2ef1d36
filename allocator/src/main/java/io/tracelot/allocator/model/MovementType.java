package io.tracelot.allocator.model;

/** What a movement row does to stock (inputs.md, movements.csv). */
public enum MovementType {
  RECEIPT,
  PRODUCE,
  CONSUME,
  TRANSFER,
  ADJUST,
  RETURN,
  HOLD,
  RELEASE;

  /** HOLD and RELEASE name a lot, not a quantity at a warehouse. */
  public boolean isHoldOrRelease() {
    return this == HOLD || this == RELEASE;
  }
}
