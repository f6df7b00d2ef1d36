package io.tracelot.jobs.common;

import java.nio.charset.StandardCharsets;

/**
 * Stable 64-bit keys for Flink's keyed exchanges. BATCH runs sort every keyed input, and Flink
 * sorts fixed-length keys through normalized-key prefixes, far faster than variable-length string
 * keys compared byte by byte. Two ids may share a key: every keyed function keeps its state per
 * id inside a key, so a collision costs nothing but a shared key. The hash is part of the stock
 * index layout (a sku's key group follows from it), so it must never change within a format.
 */
public final class Keys {
  private Keys() {}

  /** FNV-1a over the UTF-8 bytes, then MurmurHash3's 64-bit finalizer for well-spread bits. */
  public static long of(String id) {
    byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
    long h = 0xcbf29ce484222325L;
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
