package io.tracelot.query;

import java.nio.charset.StandardCharsets;

/**
 * Strings as the index build sorts them, UTF-8 bytes. A value that repeats (a sku, warehouse,
 * customer or lot) is one String instance per Parquet dictionary entry, so {@link #shared} keeps
 * the bytes of recent instances and hands the same array to every row that has one: encoded once,
 * and on the heap once rather than once per row. Not thread-safe: one per reading thread.
 */
final class Utf8 {
  private static final int SLOTS = 4096;
  private final String[] keys = new String[SLOTS];
  private final byte[][] values = new byte[SLOTS][];

  /** The UTF-8 bytes of {@code s} (null for null), shared with earlier calls for the same instance. */
  byte[] shared(String s) {
    if (s == null) {
      return null;
    }
    int slot = s.hashCode() & (SLOTS - 1); // cached in the String after its first row
    if (keys[slot] != s) {
      keys[slot] = s;
      values[slot] = bytes(s);
    }
    return values[slot];
  }

  /** The UTF-8 bytes of {@code s}, or null. */
  static byte[] bytes(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }
}
