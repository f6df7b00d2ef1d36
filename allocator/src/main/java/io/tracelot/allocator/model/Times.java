package io.tracelot.allocator.model;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Instants are carried as microseconds since the epoch (UTC), dates as days since the epoch: the
 * resolutions of Parquet's TIMESTAMP(MICROS) and DATE, so that every value round-trips exactly.
 */
public final class Times {
  /** "No expiry": sorts after every real date, so FEFO puts such lots last. */
  public static final int NO_DATE = Integer.MAX_VALUE;
  /** "No timestamp", e.g. the age of a lot that was held before any of it arrived. */
  public static final long NO_TS = Long.MIN_VALUE;

  private static final long MIN_DAY = LocalDate.of(1, 1, 1).toEpochDay();
  private static final long MAX_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

  private Times() {}

  /**
   * Parses an ISO-8601 instant in UTC ({@code 2026-11-20T08:15:00Z}, fractional seconds up to
   * microseconds) into epoch microseconds.
   *
   * @throws IllegalArgumentException with a message naming the value when it is not one
   */
  public static long parseInstant(String text) {
    long fast = parseUtcFast(text);
    if (fast != NO_TS) {
      return fast;
    }
    Instant instant;
    try {
      instant = Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not an ISO-8601 UTC instant: '" + Ids.abbreviate(text) + "'");
    }
    if (instant.getNano() % 1000 != 0) {
      throw new IllegalArgumentException("instant finer than microseconds: '" + Ids.abbreviate(text) + "'");
    }
    long day = Math.floorDiv(instant.getEpochSecond(), 86_400L);
    if (day < MIN_DAY || day > MAX_DAY) {
      throw new IllegalArgumentException("instant outside years 1 to 9999: '" + Ids.abbreviate(text) + "'");
    }
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
  }

  /**
   * The form inputs use, {@code yyyy-MM-ddTHH:mm:ss[.ffffff]Z}, read without java.time (whose
   * parser was 4 % of a whole allocation run); {@link #NO_TS} for anything else, which {@link
   * Instant#parse} then reads or rejects with its message. Accepts exactly what Instant.parse
   * accepts of this form: {@code TimesTest} compares the two.
   */
  static long parseUtcFast(String s) {
    int n = s.length();
    if (n < 20 || n > 27 || n == 21 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
        || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return NO_TS;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 1 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
        || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
      return NO_TS;
    }
    long micros = 0;
    if (n > 20) {
      if (s.charAt(19) != '.') {
        return NO_TS;
      }
      int frac = digits(s, 20, n - 21); // 1 to 6 digits: finer fractions take the slow path and its message
      if (frac < 0) {
        return NO_TS;
      }
      micros = frac;
      for (int i = n - 21; i < 6; i++) {
        micros *= 10;
      }
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return ((epochDay * 24 + hour) * 60 + minute) * 60_000_000L + second * 1_000_000L + micros;
  }

  /** The value of {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Parses an ISO-8601 date ({@code 2027-03-31}) into epoch days. */
  public static int parseDate(String text) {
    LocalDate date;
    try {
      date = LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not an ISO-8601 date: '" + Ids.abbreviate(text) + "'");
    }
    long day = date.toEpochDay();
    if (day < MIN_DAY || day > MAX_DAY) {
      throw new IllegalArgumentException("date outside years 1 to 9999: '" + Ids.abbreviate(text) + "'");
    }
    return (int) day;
  }

  /** The UTC date of an instant, in epoch days. */
  public static int dateOf(long micros) {
    return (int) Math.floorDiv(micros, 86_400_000_000L);
  }

  public static Instant toInstant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  public static String formatInstant(long micros) {
    return micros == NO_TS ? null : toInstant(micros).toString();
  }

  public static String formatDate(int epochDay) {
    return epochDay == NO_DATE ? null : LocalDate.ofEpochDay(epochDay).toString();
  }

  /** Validates an epoch day that a record carries: a real date or {@link #NO_DATE}. */
  static int checkDate(String field, int epochDay) {
    if (epochDay != NO_DATE && (epochDay < MIN_DAY || epochDay > MAX_DAY)) {
      throw new IllegalArgumentException(field + " out of range: " + epochDay + " days since 1970-01-01");
    }
    return epochDay;
  }

  /** The instant at the start of a UTC date, for readable test fixtures. */
  public static long startOf(LocalDate date) {
    try {
      return date.atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("date out of range: " + date, e);
    }
  }
}
