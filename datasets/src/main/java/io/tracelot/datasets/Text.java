package io.tracelot.datasets;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/** Allocation-light formatting for the hot path (String.format is far too slow at 1M rows/s). */
final class Text {
  private Text() {}

  static void pad(StringBuilder out, long value, int width) {
    String digits = Long.toString(value);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    out.append(digits);
  }

  /** prefix + value zero-padded to width digits; the hot path of every id, so built in one byte array. */
  static String pad(String prefix, long value, int width) {
    if (value < 0) {
      StringBuilder out = new StringBuilder(prefix);
      pad(out, value, width);
      return out.toString();
    }
    int digits = 1;
    for (long v = value / 10; v > 0; v /= 10) {
      digits++;
    }
    int length = prefix.length() + Math.max(width, digits);
    byte[] bytes = new byte[length];
    for (int i = 0; i < prefix.length(); i++) {
      bytes[i] = (byte) prefix.charAt(i);
    }
    long v = value;
    for (int i = length - 1; i >= prefix.length(); i--) {
      bytes[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static final byte[] BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".getBytes(StandardCharsets.ISO_8859_1);

  /** prefix + the unsigned value in upper-case base 36 (Long.toUnsignedString goes through BigInteger). */
  static String base36(String prefix, long value) {
    byte[] digits = new byte[13];
    int at = digits.length;
    digits[--at] = BASE36[(int) Long.remainderUnsigned(value, 36)];
    long v = Long.divideUnsigned(value, 36);
    while (v > 0) {
      digits[--at] = BASE36[(int) (v % 36)];
      v /= 36;
    }
    return prefix + new String(digits, at, digits.length - at, StandardCharsets.ISO_8859_1);
  }

  /** ISO date of an epoch day. */
  static String date(long epochDay) {
    return LocalDate.ofEpochDay(epochDay).toString();
  }

  /** Formats epoch seconds as {@code 2026-11-20T08:15:00Z}, caching the date part of the last day. */
  static final class Instants {
    private static final int DATE_CACHE = 1 << 12;
    private final long[] cachedDays = new long[DATE_CACHE];
    private final String[] cachedDates = new String[DATE_CACHE];
    private long cachedDay = Long.MIN_VALUE;
    private String cachedDate;

    /** ISO date of an epoch day; direct-mapped cache, as the same few hundred dates recur all the time. */
    String date(long epochDay) {
      int slot = (int) (epochDay & (DATE_CACHE - 1));
      String date = cachedDates[slot];
      if (date == null || cachedDays[slot] != epochDay) {
        date = Text.date(epochDay);
        cachedDays[slot] = epochDay;
        cachedDates[slot] = date;
      }
      return date;
    }

    String format(long epochSecond) {
      long day = Math.floorDiv(epochSecond, 86_400L);
      if (day != cachedDay) {
        cachedDay = day;
        cachedDate = date(day);
      }
      int secondOfDay = (int) (epochSecond - day * 86_400L);
      StringBuilder out = new StringBuilder(20).append(cachedDate).append('T');
      two(out, secondOfDay / 3600);
      two(out.append(':'), secondOfDay / 60 % 60);
      two(out.append(':'), secondOfDay % 60);
      return out.append('Z').toString();
    }

    private static void two(StringBuilder out, int value) {
      out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
  }
}
