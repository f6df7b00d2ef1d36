package io.tracelot.allocator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast instant reader against java.time's, on the inputs' form and around it. */
class TimesTest {
  /** What Instant.parse makes of a text, in micros, or null when it refuses it or it is out of range. */
  private static Long javaTime(String text) {
    try {
      Instant i = Instant.parse(text);
      if (i.getNano() % 1000 != 0 || i.getEpochSecond() < -62135596800L || i.getEpochSecond() > 253402300799L) {
        return null;
      }
      return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Long ours(String text) {
    try {
      return Times.parseInstant(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Test
  void randomInstants_readTheSameAsJavaTime() {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      long micros = r.nextLong(-62135596800L * 1_000_000L, 253402300800L * 1_000_000L);
      Instant instant = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
      String text = instant.toString(); // 0, 3 or 6 fraction digits
      assertThat(Times.parseUtcFast(text)).as(text).isEqualTo(micros);
      assertThat(Times.parseInstant(text)).as(text).isEqualTo(micros);
    }
  }

  @Test
  void nearMisses_areReadOrRefusedExactlyAsJavaTimeDoes() {
    List<String> texts = List.of("2026-11-20T08:15:00Z", "2026-11-20T08:15:00.5Z", "2026-11-20T08:15:00.123456Z", "2026-11-20T08:15:00.1234567Z",
        "2026-11-20T08:15:00.123456000Z", "2026-11-20T08:15:00.Z", "2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
        "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-00T00:00:00Z", "2026-11-20T24:00:00Z", "2026-11-20T23:60:00Z",
        "2026-11-20T23:59:60Z", "0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z", "2026-11-20t08:15:00Z",
        "2026-11-20T08:15:00z", "2026-11-20T08:15Z", "2026-11-20 08:15:00Z", "2026-11-20T08:15:00+01:00", "2026-11-20T08:15:00",
        "+2026-11-20T08:15:00Z", "2026-1a-20T08:15:00Z", "２０２６-11-20T08:15:00Z", "2026-11-20T08:15:00.12a4Z", "");
    for (String t : texts) {
      assertThat(ours(t)).as(t).isEqualTo(javaTime(t));
    }
  }

  @Test
  void refusals_nameTheValue() {
    assertThatThrownBy(() -> Times.parseInstant("2026-04-31T00:00:00Z")).hasMessageContaining("2026-04-31T00:00:00Z");
    assertThatThrownBy(() -> Times.parseInstant("2026-11-20T08:15:00.1234567Z")).hasMessageContaining("finer than microseconds");
  }
}
