package io.tracelot.query;

import java.util.Arrays;

/**
 * Units summed per customer number for one answer. A small answer keeps them in a small
 * open-addressing table; past {@value #DENSE_AFTER} customers it moves to one slot per customer of
 * the index and a bit set of the numbers met, so a 300k-row lot with 48k customers adds with an
 * array store and lists its customers in number order (= name order) without sorting. Not
 * thread-safe: one per answer.
 */
final class CustomerUnits {
  /** Distinct customers after which the dense arrays are used (when the index is small enough). */
  static final int DENSE_AFTER = 1_024;
  /** Customers in the index above which the dense arrays (8 bytes per customer) are not used. */
  static final int DENSE_MAX_CUSTOMERS = 1 << 21;

  /** Callback of {@link #forEachInOrder}. */
  interface Visitor {
    void accept(int customer, long units);
  }

  private final int indexCustomers;
  // sparse: keys are number + 1 (0 = empty)
  private int[] keys = new int[64];
  private long[] values = new long[64];
  private int size;
  // dense, once switched
  private long[] dense;
  private long[] met;

  CustomerUnits(int indexCustomers) {
    this.indexCustomers = indexCustomers;
  }

  void add(int customer, long units) {
    if (dense != null) {
      met[customer >>> 6] |= 1L << customer;
      dense[customer] += units;
      return;
    }
    int mask = keys.length - 1;
    for (int s = (customer * 0x9E3779B9) >>> 7 & mask; ; s = (s + 1) & mask) {
      if (keys[s] == customer + 1) {
        values[s] += units;
        return;
      }
      if (keys[s] == 0) {
        keys[s] = customer + 1;
        values[s] = units;
        size++;
        if (size > DENSE_AFTER && indexCustomers <= DENSE_MAX_CUSTOMERS) {
          toDense();
        } else if (size * 2 > keys.length) {
          grow();
        }
        return;
      }
    }
  }

  private void toDense() {
    dense = new long[indexCustomers];
    met = new long[(indexCustomers + 63) >>> 6];
    for (int s = 0; s < keys.length; s++) {
      if (keys[s] != 0) {
        int c = keys[s] - 1;
        dense[c] = values[s];
        met[c >>> 6] |= 1L << c;
      }
    }
    keys = null;
    values = null;
  }

  private void grow() {
    int[] oldKeys = keys;
    long[] oldValues = values;
    keys = new int[oldKeys.length * 2];
    values = new long[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int o = 0; o < oldKeys.length; o++) {
      if (oldKeys[o] != 0) {
        int s = ((oldKeys[o] - 1) * 0x9E3779B9) >>> 7 & mask;
        while (keys[s] != 0) {
          s = (s + 1) & mask;
        }
        keys[s] = oldKeys[o];
        values[s] = oldValues[o];
      }
    }
  }

  /** Every customer met, in number order, with its units. */
  void forEachInOrder(Visitor visitor) {
    if (dense != null) {
      for (int w = 0; w < met.length; w++) {
        for (long bits = met[w]; bits != 0; bits &= bits - 1) {
          int c = (w << 6) + Long.numberOfTrailingZeros(bits);
          visitor.accept(c, dense[c]);
        }
      }
      return;
    }
    long[] pairs = new long[size];
    int n = 0;
    for (int s = 0; s < keys.length; s++) {
      if (keys[s] != 0) {
        pairs[n++] = (long) (keys[s] - 1) << 32 | s;
      }
    }
    Arrays.sort(pairs);
    for (long p : pairs) {
      visitor.accept((int) (p >>> 32), values[(int) p]);
    }
  }
}
