package io.tracelot.query;

/**
 * Sorts a run of rows by a {@link RowOrder}, mostly without touching the rows: the first three
 * compared columns of each row are encoded as two longs each (its key, beside its position), and a
 * merge sort moves these entries through two arrays, sequentially. Comparing rows one pointer at a
 * time (the row, then its byte arrays and boxes, scattered over a heap much larger than the cache)
 * cost a cache miss or more per comparison and was the build's largest cost. The rows are only
 * compared when the keys tie: on the columns after the keyed ones, or from a string longer than
 * 15 bytes on. Ties of the whole order keep the input order (stable).
 */
final class PrefixSort {
  private PrefixSort() {}

  /**
   * Columns in the key: the later ones settle the ties of the first (a lot's or a customer's many
   * rows); measured on 200k allocation-like rows, sorted by lot: 2 columns as slow as TimSort, 3 a
   * third of it.
   */
  private static final int KEYED = 3;
  /** Below this many entries, a block is sorted by insertion. */
  private static final int BLOCK = 24;
  /** The low byte of a string key's second long: 0 for null, 1 + length up to 15 bytes, LONG above. */
  private static final int LONG = 0xFF;

  /** Sorts {@code rows[0..n)} in place by {@code order}; stable. */
  static void sort(Object[][] rows, int n, RowOrder order) {
    int keyed = Math.min(KEYED, order.size());
    int stride = 2 * keyed + 1;
    long[] a = new long[stride * n];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < keyed; c++) {
        key(order.kind(c), rows[i][order.column(c)], a, stride * i + 2 * c);
      }
      a[stride * i + stride - 1] = i;
    }
    long[] b = new long[stride * n];
    Entries e = new Entries(rows, order, keyed);
    for (int lo = 0; lo < n; lo += BLOCK) {
      insertionSort(a, lo, Math.min(n, lo + BLOCK), e);
    }
    for (int width = BLOCK; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        merge(a, b, lo, Math.min(n, lo + width), Math.min(n, lo + 2 * width), e);
      }
      long[] t = a;
      a = b;
      b = t;
    }
    Object[][] sorted = new Object[n][];
    for (int i = 0; i < n; i++) {
      sorted[i] = rows[(int) a[stride * i + stride - 1]];
    }
    System.arraycopy(sorted, 0, rows, 0, n);
  }

  /** Writes the two longs of a value's key at {@code a[at]}: see {@link #stringKey}; numbers exact. */
  static void key(byte kind, Object value, long[] a, int at) {
    switch (kind) {
      case RowOrder.BYTES -> stringKey((byte[]) value, a, at);
      case RowOrder.LONG -> number(value == null, value == null ? 0 : (Long) value, a, at);
      case RowOrder.INT -> number(value == null, value == null ? 0 : (Integer) value, a, at);
      default -> number(value == null, value != null && (Boolean) value ? 1 : 0, a, at);
    }
  }

  /** null (0, 0) before any value (1, value with the sign bit flipped, so unsigned order is signed order). */
  private static void number(boolean isNull, long value, long[] a, int at) {
    a[at] = isNull ? 0 : 1;
    a[at + 1] = isNull ? 0 : value ^ Long.MIN_VALUE;
  }

  /**
   * The key of a string: its first 15 bytes, zero-padded, big-endian in two longs, then 1 + its
   * length (or {@link #LONG}) in the low byte; null is all zero. Unsigned comparison of keys agrees
   * with the strings' order wherever the keys differ: at the first differing byte either both are
   * real bytes, or the shorter string has ended (its pad 0 is below the other's byte, which is not
   * 0 there) and is a prefix of the other; with equal padded bytes the shorter has the smaller
   * length byte, and null is below every string (""'s length byte is 1). Equal keys with a length
   * byte other than {@link #LONG} are equal strings.
   */
  static void stringKey(byte[] s, long[] a, int at) {
    if (s == null) {
      a[at] = 0;
      a[at + 1] = 0;
      return;
    }
    long k0 = 0;
    long k1 = 0;
    int n = Math.min(s.length, 15);
    for (int i = 0; i < 8; i++) {
      k0 = k0 << 8 | (i < n ? s[i] & 0xFF : 0);
    }
    for (int i = 8; i < 15; i++) {
      k1 = k1 << 8 | (i < n ? s[i] & 0xFF : 0);
    }
    a[at] = k0;
    a[at + 1] = k1 << 8 | (s.length > 15 ? LONG : s.length + 1);
  }

  private static void insertionSort(long[] a, int lo, int hi, Entries e) {
    int stride = e.stride;
    long[] entry = new long[stride];
    for (int i = lo + 1; i < hi; i++) {
      if (e.compare(a, stride * (i - 1), a, stride * i) <= 0) {
        continue;
      }
      System.arraycopy(a, stride * i, entry, 0, stride);
      int j = i - 1;
      do {
        System.arraycopy(a, stride * j, a, stride * (j + 1), stride);
        j--;
      } while (j >= lo && e.compare(a, stride * j, entry, 0) > 0);
      System.arraycopy(entry, 0, a, stride * (j + 1), stride);
    }
  }

  /** Merges a[lo..mid) and a[mid..hi) into b[lo..hi); the left wins ties (stable). */
  private static void merge(long[] a, long[] b, int lo, int mid, int hi, Entries e) {
    int stride = e.stride;
    if (mid == hi || e.compare(a, stride * (mid - 1), a, stride * mid) <= 0) {
      System.arraycopy(a, stride * lo, b, stride * lo, stride * (hi - lo)); // already in order
      return;
    }
    int i = lo;
    int j = mid;
    int k = lo;
    while (i < mid && j < hi) {
      int from = e.compare(a, stride * i, a, stride * j) <= 0 ? i++ : j++;
      System.arraycopy(a, stride * from, b, stride * k++, stride);
    }
    System.arraycopy(a, stride * i, b, stride * k, stride * (mid - i));
    k += mid - i;
    System.arraycopy(a, stride * j, b, stride * k, stride * (hi - j));
  }

  /** Entries compared by key, then (on a tie) by their rows, then by position. */
  private static final class Entries {
    private final Object[][] rows;
    private final RowOrder order;
    private final int keyed;
    private final int stride;
    private final boolean[] strings;

    Entries(Object[][] rows, RowOrder order, int keyed) {
      this.rows = rows;
      this.order = order;
      this.keyed = keyed;
      this.stride = 2 * keyed + 1;
      this.strings = new boolean[keyed];
      for (int c = 0; c < keyed; c++) {
        strings[c] = order.kind(c) == RowOrder.BYTES;
      }
    }

    int compare(long[] x, int i, long[] y, int j) {
      int from = keyed; // the first column the keys leave open
      for (int c = 0; c < keyed; c++) {
        int k = 2 * c;
        int r = Long.compareUnsigned(x[i + k], y[j + k]);
        if (r == 0) {
          r = Long.compareUnsigned(x[i + k + 1], y[j + k + 1]);
        }
        if (r != 0) {
          return r;
        }
        if (strings[c] && (x[i + k + 1] & 0xFF) == LONG) {
          from = c; // strings equal in their first 15 bytes only
          break;
        }
      }
      long rx = x[i + stride - 1];
      long ry = y[j + stride - 1];
      int r = from < order.size() ? order.compareFrom(from, rows[(int) rx], rows[(int) ry]) : 0;
      return r != 0 ? r : Long.compare(rx, ry);
    }
  }
}
