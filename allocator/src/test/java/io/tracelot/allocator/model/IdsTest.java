package io.tracelot.allocator.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdsTest {
  private static final String EMOJI = "\uD83D\uDE00"; // one code point, two chars

  @Test
  void oneTo128CodePointsWithoutSurroundingSpaces() {
    assertThat(Ids.isValid("L1")).isTrue();
    assertThat(Ids.isValid("x".repeat(128))).isTrue();
    assertThat(Ids.isValid("x".repeat(129))).isFalse();
    assertThat(Ids.isValid(EMOJI.repeat(128))).as("256 chars, 128 code points").isTrue();
    assertThat(Ids.isValid(EMOJI.repeat(64) + "x".repeat(65))).as("193 chars, 129 code points").isFalse();
    assertThat(Ids.isValid(EMOJI.repeat(100) + "x".repeat(28))).as("228 chars, 128 code points").isTrue();
    assertThat(Ids.isValid("")).isFalse();
    assertThat(Ids.isValid(" L1")).isFalse();
    assertThat(Ids.isValid("L1\t")).isFalse();
  }
}
