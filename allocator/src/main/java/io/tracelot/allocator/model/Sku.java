package io.tracelot.allocator.model;

import java.util.Objects;

/** One row of the item master (skus.csv). */
public record Sku(String sku, Tracking tracking, Policy policy, String description, String unit) implements java.io.Serializable {
  public static final String DEFAULT_UNIT = "each";

  public Sku {
    Ids.require("sku", sku);
    Objects.requireNonNull(tracking, () -> "tracking of sku '" + sku + "' is required");
    Objects.requireNonNull(policy, () -> "policy of sku '" + sku + "' is required");
    unit = unit == null ? DEFAULT_UNIT : unit;
  }

  public static Sku of(String sku, Tracking tracking, Policy policy) {
    return new Sku(sku, tracking, policy, null, null);
  }

  /** Two definitions agree when they allocate the same way; descriptions may differ. */
  public boolean allocatesLike(Sku other) {
    return tracking == other.tracking && policy == other.policy;
  }
}
