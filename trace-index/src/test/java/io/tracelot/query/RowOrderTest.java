package io.tracelot.query;

import static io.tracelot.arrow.RowSchema.Kind.BOOL;
import static io.tracelot.arrow.RowSchema.Kind.DATE;
import static io.tracelot.arrow.RowSchema.Kind.INT32;
import static io.tracelot.arrow.RowSchema.Kind.INT64;
import static io.tracelot.arrow.RowSchema.Kind.STRING;
import static io.tracelot.arrow.RowSchema.Kind.TIMESTAMP;
import static io.tracelot.arrow.RowSchema.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracelot.arrow.RowSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RowOrderTest {
  static final RowSchema SCHEMA = new RowSchema(List.of(col("s", STRING), col("l", INT64), col("i", INT32),
      col("t", TIMESTAMP), col("d", DATE), col("b", BOOL), col("s2", STRING)));

  /**
   * Strings that test code point order where it differs from UTF-16 order: supplementary code
   * points (surrogate pairs) against U+E000..U+FFFF, plus empty strings, prefixes of one another,
   * long shared prefixes (ids), NUL, Latin-1 above 0x7F.
   */
  static String randomString(Random r) {
    String[] pieces = {"", "a", "b", "A", "0", "9", "-", "\u0000", "\u007F", "\u0080", "é", "ÿ", "\u0100", "倉",
        "\uD7FF", "\uE000", "\uF8FF", "\uFFFD", "\uFFFF", "\uD800\uDC00", "\uD83D\uDE9A", "\uDBFF\uDFFF",
        "SO00000000", "L000", "14010008000"};
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(8);
    for (int k = 0; k < n; k++) {
      // mostly the same few pieces first, so that strings share prefixes and differ late
      b.append(pieces[r.nextInt(k < 3 ? 3 : pieces.length)]);
    }
    return b.toString();
  }

  static Object[] randomRow(Random r) {
    return new Object[] {
      r.nextInt(10) == 0 ? null : randomString(r),
      r.nextInt(10) == 0 ? null : (long) (r.nextInt(5) - 2) * (r.nextBoolean() ? 1 : Long.MAX_VALUE / 3),
      r.nextInt(10) == 0 ? null : r.nextInt(5) - 2,
      r.nextInt(10) == 0 ? null : (long) r.nextInt(3),
      r.nextInt(10) == 0 ? null : r.nextInt(3) - 1,
      r.nextInt(10) == 0 ? null : r.nextBoolean(),
      r.nextInt(10) == 0 ? null : randomString(r)
    };
  }

  static Object[] utf8(Object[] row) {
    Object[] out = row.clone();
    for (int c = 0; c < out.length; c++) {
      if (out[c] instanceof String s) {
        out[c] = s.getBytes(StandardCharsets.UTF_8);
      }
    }
    return out;
  }

  @Test
  void compareUtf8Bytes_ordersAsCompareStrings_surrogatesPrefixesAndEmpty() {
    Random r = new Random(7);
    List<String> values = new ArrayList<>(List.of("", "\uD800\uDC00", "\uE000", "\uFFFF", "a", "ab"));
    for (int i = 0; i < 3_000; i++) {
      values.add(randomString(r));
    }
    RowOrder order = RowOrder.of(SCHEMA, 0);
    for (int i = 0; i < values.size(); i++) {
      for (int j = i % 3; j < values.size(); j += 3) {
        String a = values.get(i);
        String b = values.get(j);
        int expected = Integer.signum(Keys.compareStrings(a, b));
        int actual = Integer.signum(order.compare(utf8(new Object[] {a}), utf8(new Object[] {b})));
        assertThat(actual).as("'%s' vs '%s'", escape(a), escape(b)).isEqualTo(expected);
      }
    }
  }

  @Test
  void compareRows_ordersAsKeysOnColumns_everyTypeAndNull() {
    Random r = new Random(3);
    int[][] keys = {{0, 1, 2, 3, 4, 5, 6}, {6, 5, 4, 3, 2, 1, 0}, {5, 0}, {2, 4, 6}};
    for (int[] cols : keys) {
      RowOrder order = RowOrder.of(SCHEMA, cols);
      var reference = Keys.onColumns(cols);
      for (int i = 0; i < 50_000; i++) {
        Object[] x = randomRow(r);
        Object[] y = r.nextInt(4) == 0 ? x.clone() : randomRow(r);
        assertThat(Integer.signum(order.compare(utf8(x), utf8(y))))
            .isEqualTo(Integer.signum(reference.compare(x, y)));
      }
    }
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder();
    s.chars().forEach(c -> b.append(c < 0x20 || c > 0x7E ? String.format("\\u%04X", c) : String.valueOf((char) c)));
    return b.toString();
  }
}
