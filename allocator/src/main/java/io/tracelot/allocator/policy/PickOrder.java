package io.tracelot.allocator.policy;

import io.tracelot.allocator.model.Policy;
import java.util.Comparator;

/**
 * The order in which a sku's lots are picked (allocation.md, "Lots are taken in the sku's policy
 * order"). Pure functions over (expiry, age, lot) so that every index and every execution agrees.
 */
public final class PickOrder {
  private PickOrder() {}

  /** What the pick order looks at in a lot. */
  public interface LotKey {
    String lot();

    /** Epoch day, {@link io.tracelot.allocator.model.Times#NO_DATE} when the lot has none. */
    int expiry();

    /** Epoch micros of the movement that first created the lot. */
    long ageTs();
  }

  public static Comparator<LotKey> of(Policy policy) {
    return switch (policy) {
      case FEFO -> PickOrder::fefo;
      case FIFO -> PickOrder::fifo;
      case LIFO -> PickOrder::lifo;
    };
  }

  /** Expiry ascending (no expiry = NO_DATE, the largest, so last), then age, then lot. */
  static int fefo(LotKey a, LotKey b) {
    int c = Integer.compare(a.expiry(), b.expiry());
    return c != 0 ? c : fifo(a, b);
  }

  static int fifo(LotKey a, LotKey b) {
    int c = Long.compare(a.ageTs(), b.ageTs());
    return c != 0 ? c : CodePoints.compare(a.lot(), b.lot());
  }

  static int lifo(LotKey a, LotKey b) {
    int c = Long.compare(b.ageTs(), a.ageTs());
    return c != 0 ? c : CodePoints.compare(a.lot(), b.lot());
  }
}
