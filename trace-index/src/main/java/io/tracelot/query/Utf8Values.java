package io.tracelot.query;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.VarCharVector;

/**
 * Reads the strings of Arrow UTF-8 columns for one answer without a byte array per value: a
 * value's bytes go into one scratch array, and a value the answer has seen before (a warehouse) is
 * found by its bytes in a small open-addressing table and numbered, so a 300k-row lot with 11
 * warehouses builds 11 warehouse strings, not 300k. Not thread-safe: one per answer.
 */
final class Utf8Values {
  private byte[] scratch = new byte[64];
  private int scratchLength;
  /** Slot → value number + 1 (0: empty); a power of two, at most half full. */
  private int[] slots = new int[256];
  /** 32 - log2(slots.length): a slot is the top bits of the mixed hash. */
  private int shift = 24;
  /** The first values of at most 16 bytes, by their packed bytes and length: slot → number + 1. */
  private final int[] shortSlots = new int[64];
  private final long[] shortHead = new long[64];
  private final long[] shortTail = new long[64];
  private final int[] shortLength = new int[64];
  private int shortCount;
  private byte[][] bytes = new byte[64][];
  private int[] hashes = new int[64];
  private String[] strings = new String[64];
  private int size;

  /** Loads value {@code i} of {@code v} into the scratch array; false if it is null. */
  boolean load(VarCharVector v, int i) {
    if (v.isNull(i)) {
      return false;
    }
    ArrowBuf offsets = v.getOffsetBuffer();
    int start = offsets.getInt((long) i * VarCharVector.OFFSET_WIDTH);
    int length = offsets.getInt((long) (i + 1) * VarCharVector.OFFSET_WIDTH) - start;
    if (length > scratch.length) {
      scratch = new byte[Math.max(length, scratch.length * 2)];
    }
    v.getDataBuffer().getBytes(start, scratch, 0, length);
    scratchLength = length;
    return true;
  }

  /** Value {@code i} of {@code v} as a new string, or null. */
  String string(VarCharVector v, int i) {
    return load(v, i) ? new String(scratch, 0, scratchLength, StandardCharsets.UTF_8) : null;
  }

  /**
   * The number of value {@code i} of {@code v} among the values seen (0, 1, 2, …), or -1 for null.
   * Values of up to 16 bytes (warehouses) are found by their bytes packed in two longs, without
   * copying them first.
   */
  int number(VarCharVector v, int i) {
    if (v.isNull(i)) {
      return -1;
    }
    ArrowBuf offsets = v.getOffsetBuffer();
    int start = offsets.getInt((long) i * VarCharVector.OFFSET_WIDTH);
    int length = offsets.getInt((long) (i + 1) * VarCharVector.OFFSET_WIDTH) - start;
    if (length > 16) {
      load(v, i);
      return numberOfLoaded();
    }
    ArrowBuf data = v.getDataBuffer();
    long head = 0;
    long tail = 0;
    for (int k = 0; k < Math.min(length, 8); k++) {
      head = head << 8 | (data.getByte(start + k) & 0xFF);
    }
    for (int k = 8; k < length; k++) {
      tail = tail << 8 | (data.getByte(start + k) & 0xFF);
    }
    int mask = shortSlots.length - 1;
    int s = (int) (((head * 31 + tail) * 0x9E3779B97F4A7C15L + length) >>> 40) & mask;
    for (; shortSlots[s] != 0; s = (s + 1) & mask) {
      if (shortHead[s] == head && shortTail[s] == tail && shortLength[s] == length) {
        return shortSlots[s] - 1;
      }
    }
    load(v, i);
    int n = numberOfLoaded();
    if (shortCount * 2 >= shortSlots.length) {
      return n; // a column of many short values: the general table alone
    }
    shortSlots[s] = n + 1;
    shortHead[s] = head;
    shortTail[s] = tail;
    shortLength[s] = length;
    shortCount++;
    return n;
  }

  /** The number of the value in the scratch array. */
  private int numberOfLoaded() {
    int h = 1;
    for (int k = 0; k < scratchLength; k++) {
      h = 31 * h + scratch[k];
    }
    int mask = slots.length - 1;
    // ids such as C-000601, C-000602 hash to neighbours: spread them before linear probing
    for (int s = (h * 0x9E3779B9) >>> shift; ; s = (s + 1) & mask) {
      int n = slots[s] - 1;
      if (n < 0) {
        return add(h, s);
      }
      if (hashes[n] == h && Arrays.equals(bytes[n], 0, bytes[n].length, scratch, 0, scratchLength)) {
        return n;
      }
    }
  }

  /** The string of a value number; null for -1. */
  String string(int number) {
    return number < 0 ? null : strings[number];
  }

  /** How many distinct values were numbered. */
  int size() {
    return size;
  }

  private int add(int hash, int slot) {
    if (size == strings.length) {
      bytes = Arrays.copyOf(bytes, size * 2);
      hashes = Arrays.copyOf(hashes, size * 2);
      strings = Arrays.copyOf(strings, size * 2);
    }
    int n = size++;
    bytes[n] = Arrays.copyOf(scratch, scratchLength);
    hashes[n] = hash;
    strings[n] = new String(scratch, 0, scratchLength, StandardCharsets.UTF_8);
    slots[slot] = n + 1;
    if (size * 2 > slots.length) {
      int[] grown = new int[slots.length * 2];
      shift--;
      int mask = grown.length - 1;
      for (int e = 0; e < size; e++) {
        int s = (hashes[e] * 0x9E3779B9) >>> shift;
        while (grown[s] != 0) {
          s = (s + 1) & mask;
        }
        grown[s] = e + 1;
      }
      slots = grown;
    }
    return n;
  }
}
