package io.tracelot.query;

import java.io.IOException;
import java.util.Arrays;

/**
 * The facts of the lot directory ({lot, sku, expiry, held}), one per run of neighbouring rows of
 * the same (lot, sku): the earliest expiry, held if any is. A lot's rows mostly come together (its
 * allocations in alloc_by_lot; its movements, stock and genealogy as the snapshot holds them), so
 * merging neighbours before they reach the sorter sorts far fewer rows, with the same lots as
 * merging every fact after the sort ({@code IndexBuilder.writeLots} merges what is left the same
 * way). Not thread-safe: fed by one thread at a time.
 */
final class LotFacts {
  private final ExternalSorter sorter;
  private Object[] pending;

  LotFacts(ExternalSorter sorter) {
    this.sorter = sorter;
  }

  void add(byte[] lot, byte[] sku, Integer expiry, boolean held) throws IOException {
    Object[] p = pending;
    if (p != null && Arrays.equals((byte[]) p[0], lot) && Arrays.equals((byte[]) p[1], sku)) {
      if (expiry != null && (p[2] == null || expiry < (Integer) p[2])) {
        p[2] = expiry;
      }
      if (held) {
        p[3] = true;
      }
      return;
    }
    flush();
    pending = new Object[] {lot, sku, expiry, held};
  }

  /** Hands the pending fact to the sorter. */
  void flush() throws IOException {
    if (pending != null) {
      sorter.add(pending);
      pending = null;
    }
  }
}
