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
