package io.tracelot.jobs.allocation;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A set of order lines (order_id, line) held as 128-bit MurmurHash3 fingerprints in two primitive
 * arrays: 16 to 32 bytes per line instead of a few hundred for a {@code HashSet<String>}, so that
 * counting the distinct lines of a 10M-line run stays within a few hundred MB. Two different lines
 * share a fingerprint with probability about n^2 / 2^129 (below 10^-24 for 10^7 lines).
 */
final class OrderLineSet {
  private static final double LOAD = 0.5;

  private long[] hi = new long[1 << 10];
  private long[] lo = new long[1 << 10];
  private long size;
  private boolean hasZero; // (0, 0) marks an empty slot, so that fingerprint is kept aside

  /** Adds the line; returns false when it was already in the set. */
  boolean add(String orderId, long line) {
    long[] h = fingerprint(orderId, line);
    if (h[0] == 0 && h[1] == 0) {
      boolean added = !hasZero;
      hasZero = true;
      size += added ? 1 : 0;
      return added;
    }
    if (size + 1 > hi.length * LOAD) {
      grow();
    }
    boolean added = insert(hi, lo, h[0], h[1]);
    size += added ? 1 : 0;
    return added;
  }

  boolean contains(String orderId, long line) {
    long[] h = fingerprint(orderId, line);
    if (h[0] == 0 && h[1] == 0) {
      return hasZero;
    }
    int mask = hi.length - 1;
    for (int i = (int) h[1] & mask; ; i = (i + 1) & mask) {
      if (hi[i] == 0 && lo[i] == 0) {
        return false;
      }
      if (hi[i] == h[0] && lo[i] == h[1]) {
        return true;
      }
    }
  }

  long size() {
    return size;
  }

  private static boolean insert(long[] his, long[] los, long h, long l) {
    int mask = his.length - 1;
    for (int i = (int) l & mask; ; i = (i + 1) & mask) {
      if (his[i] == 0 && los[i] == 0) {
        his[i] = h;
        los[i] = l;
        return true;
      }
      if (his[i] == h && los[i] == l) {
        return false;
      }
    }
  }

  private void grow() {
    if (hi.length >= 1 << 30) {
      throw new IllegalStateException("more than " + (long) ((1 << 30) * LOAD) + " order lines to count");
    }
    long[] oldHi = hi;
    long[] oldLo = lo;
    long[] newHi = new long[oldHi.length * 2];
    long[] newLo = new long[oldLo.length * 2];
    for (int i = 0; i < oldHi.length; i++) {
      if (oldHi[i] != 0 || oldLo[i] != 0) {
        insert(newHi, newLo, oldHi[i], oldLo[i]);
      }
    }
    hi = newHi;
    lo = newLo;
  }

  /** MurmurHash3 x64 128 (seed 0) of the id's UTF-8 bytes, its length and the line number. */
  static long[] fingerprint(String orderId, long line) {
    byte[] id = orderId.getBytes(UTF_8);
    byte[] data = new byte[id.length + 12];
    System.arraycopy(id, 0, data, 0, id.length);
    putLong(data, id.length, line);
    putInt(data, id.length + 8, id.length); // the length makes (id, line) pairs unambiguous
    return murmur3x64x128(data);
  }

  private static void putLong(byte[] b, int at, long v) {
    for (int i = 0; i < 8; i++) {
      b[at + i] = (byte) (v >>> (8 * i));
    }
  }

  private static void putInt(byte[] b, int at, int v) {
    for (int i = 0; i < 4; i++) {
      b[at + i] = (byte) (v >>> (8 * i));
    }
  }

  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;

  static long[] murmur3x64x128(byte[] data) {
    long h1 = 0;
    long h2 = 0;
    int blocks = data.length / 16;
    for (int i = 0; i < blocks; i++) {
      long k1 = getLong(data, i * 16);
      long k2 = getLong(data, i * 16 + 8);
      k1 *= C1;
      k1 = Long.rotateLeft(k1, 31);
      k1 *= C2;
      h1 ^= k1;
      h1 = Long.rotateLeft(h1, 27);
      h1 += h2;
      h1 = h1 * 5 + 0x52dce729;
      k2 *= C2;
      k2 = Long.rotateLeft(k2, 33);
      k2 *= C1;
      h2 ^= k2;
      h2 = Long.rotateLeft(h2, 31);
      h2 += h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    long k1 = 0;
    long k2 = 0;
    int tail = blocks * 16;
    int rest = data.length & 15;
    for (int i = rest - 1; i >= 8; i--) {
      k2 ^= (data[tail + i] & 0xffL) << (8 * (i - 8));
    }
    if (rest > 8) {
      k2 *= C2;
      k2 = Long.rotateLeft(k2, 33);
      k2 *= C1;
      h2 ^= k2;
    }
    for (int i = Math.min(rest, 8) - 1; i >= 0; i--) {
      k1 ^= (data[tail + i] & 0xffL) << (8 * i);
    }
    if (rest > 0) {
      k1 *= C1;
      k1 = Long.rotateLeft(k1, 31);
      k1 *= C2;
      h1 ^= k1;
    }
    h1 ^= data.length;
    h2 ^= data.length;
    h1 += h2;
    h2 += h1;
    h1 = fmix(h1);
    h2 = fmix(h2);
    h1 += h2;
    h2 += h1;
    return new long[] {h1, h2};
  }

  private static long getLong(byte[] b, int at) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (b[at + i] & 0xffL);
    }
    return v;
  }

  private static long fmix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
